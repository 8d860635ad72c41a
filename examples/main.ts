// Entry point of `cdk8s synth` (see cdk8s.yaml): writes dist/shop.k8s.yaml.
import { buildApp } from './app';

buildApp().synth();
