#!/usr/bin/env python3
"""Packs a root file system directory into a one-layer OCI image archive for `ctr images import`.

    oci-image.py ROOTFS NAME OUT.tar [--user UID:GID] [--cmd JSON] [--entrypoint JSON]
                 [--env K=V]... [--workdir DIR]

Timestamps are not recorded in the config, so the same root file system gives the same image.
"""
import argparse
import gzip
import hashlib
import io
import json
import os
import tarfile

parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
parser.add_argument('rootfs')
parser.add_argument('name')
parser.add_argument('out')
parser.add_argument('--user')
parser.add_argument('--cmd')
parser.add_argument('--entrypoint')
parser.add_argument('--env', action='append', default=[])
parser.add_argument('--workdir')
parser.add_argument('--stop-signal')
args = parser.parse_args()

blobs = {}


def add_blob(data: bytes) -> dict:
    digest = 'sha256:' + hashlib.sha256(data).hexdigest()
    blobs[digest] = data
    return {'digest': digest, 'size': len(data)}


layer_tar = io.BytesIO()
with tarfile.open(fileobj=layer_tar, mode='w', format=tarfile.PAX_FORMAT) as tar:
    for entry in sorted(os.listdir(args.rootfs)):
        tar.add(os.path.join(args.rootfs, entry), arcname=entry)
layer_bytes = layer_tar.getvalue()
layer = add_blob(gzip.compress(layer_bytes, compresslevel=1, mtime=0))

env = {'PATH': '/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin'}
env.update(item.split('=', 1) for item in args.env)
config = {'Env': [f'{k}={v}' for k, v in env.items()]}
for key, value in (('User', args.user), ('WorkingDir', args.workdir), ('StopSignal', args.stop_signal)):
    if value:
        config[key] = value
for key, value in (('Cmd', args.cmd), ('Entrypoint', args.entrypoint)):
    if value:
        config[key] = json.loads(value)
image_config = add_blob(json.dumps({
    'architecture': 'amd64', 'os': 'linux', 'config': config,
    'rootfs': {'type': 'layers', 'diff_ids': ['sha256:' + hashlib.sha256(layer_bytes).hexdigest()]},
}, sort_keys=True).encode())
manifest = add_blob(json.dumps({
    'schemaVersion': 2, 'mediaType': 'application/vnd.oci.image.manifest.v1+json',
    'config': {'mediaType': 'application/vnd.oci.image.config.v1+json', **image_config},
    'layers': [{'mediaType': 'application/vnd.oci.image.layer.v1.tar+gzip', **layer}],
}, sort_keys=True).encode())
index = json.dumps({'schemaVersion': 2, 'manifests': [{
    'mediaType': 'application/vnd.oci.image.manifest.v1+json', **manifest,
    'annotations': {'io.containerd.image.name': args.name, 'org.opencontainers.image.ref.name': args.name.rsplit(':', 1)[-1]},
}]}).encode()

with tarfile.open(args.out, 'w') as out:
    def add_file(name: str, data: bytes) -> None:
        info = tarfile.TarInfo(name)
        info.size = len(data)
        out.addfile(info, io.BytesIO(data))
    add_file('oci-layout', b'{"imageLayoutVersion":"1.0.0"}')
    add_file('index.json', index)
    for digest, data in blobs.items():
        add_file('blobs/sha256/' + digest.split(':')[1], data)
print(f'{args.name}: {manifest["digest"]}, {layer["size"] / 1e6:.1f} MB compressed')
