/**
 * Validation rules shared by every pattern. Each takes the scope (construct path or component
 * name), the prop path and the value, returns the value when it is valid and throws a
 * {@link ValidationError} naming all three when it is not.
 *
 * The rules are the API server's own (`k8s.io/apimachinery/pkg/util/validation`), so a value
 * that passes here is one the API server accepts.
 */
import * as ipaddr from 'ipaddr.js';
import { ValidationError } from './errors';
import { DockerReference } from './image-reference';
import { isQuantitySyntax, parseExactQuantity, QUANTITY_HELP } from './quantity';

const DNS1123_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
const DNS1035_LABEL = /^[a-z]([-a-z0-9]*[a-z0-9])?$/;
const DNS1123_SUBDOMAIN = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;
const LABEL_VALUE = /^(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?$/;
const QUALIFIED_NAME = /^([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]$/;
const IANA_SVC_NAME = /^[a-z0-9]([a-z0-9-]*[a-z0-9])?$/;
const ENV_VAR_NAME = /^[-._a-zA-Z][-._a-zA-Z0-9]*$/;

/** Throws a {@link ValidationError}; a shorthand that reads as a sentence at the call site. */
export function fail(scope: string, prop: string, value: unknown, reason: string): never {
  throw new ValidationError(scope, prop, value, reason);
}

/**
 * A plain object (not null, not an array), such as a nested props object or a map of strings.
 * @returns the object, or `{}` when `value` is undefined
 */
export function object<T extends object>(scope: string, prop: string, value: T | undefined): T {
  if (value === undefined) {
    return {} as T;
  }
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    fail(scope, prop, value, 'must be an object');
  }
  return value;
}

/**
 * A required plain object, such as one item of a list prop.
 * @returns the object
 */
export function record<T extends object>(scope: string, prop: string, value: T): T {
  if (value === undefined || value === null || typeof value !== 'object' || Array.isArray(value)) {
    fail(scope, prop, value, 'must be an object');
  }
  return value;
}

/** Only the given keys: catches misspelt props (`storageClass` for `storageClassName`). */
export function knownKeys(scope: string, prop: string, value: object, allowed: readonly string[]): void {
  for (const key of Object.keys(value)) {
    if (!allowed.includes(key)) {
      fail(scope, `${prop}.${key}`, (value as Record<string, unknown>)[key], `is not a known prop; the props of ${prop} are ${allowed.join(', ')}`);
    }
  }
}

/**
 * An optional list.
 * @returns the list, or `[]` when `value` is undefined
 */
export function list<T>(scope: string, prop: string, value: readonly T[] | undefined): readonly T[] {
  if (value === undefined) return [];
  if (!Array.isArray(value)) fail(scope, prop, value, 'must be a list');
  return value;
}

/**
 * Whether a string is a valid key of a ConfigMap or Secret (`IsConfigMapKey`): 1 to 253 letters,
 * digits, '-', '_' and '.'. Callers say in their own words what the key is for.
 */
export function isDataKey(value: unknown): boolean {
  return typeof value === 'string' && value.length <= 253 && /^[-._a-zA-Z0-9]+$/.test(value);
}

/** An absolute HTTP path (probes, preStop hooks, metrics endpoints). */
export function httpPath(scope: string, prop: string, value: string): string {
  if (typeof value !== 'string' || !value.startsWith('/')) {
    fail(scope, prop, value, "is not an absolute HTTP path; it must start with '/', e.g. '/healthz'");
  }
  return value;
}

/**
 * An `http://` or `https://` URL with a host and no whitespace (an S3 endpoint, a Maven
 * repository); `example` shows one in the message.
 */
export function httpUrl(scope: string, prop: string, value: string, example: string): string {
  if (typeof value !== 'string' || !/^https?:\/\/[^\s/]+(\/[^\s]*)?$/.test(value)) {
    fail(scope, prop, value, `is not an http:// or https:// URL such as '${example}'`);
  }
  return value;
}

/** A boolean. */
export function boolean(scope: string, prop: string, value: boolean): boolean {
  if (typeof value !== 'boolean') {
    fail(scope, prop, value, 'must be true or false');
  }
  return value;
}

/** A list of strings (an argv, a list of paths). */
export function stringList(scope: string, prop: string, value: readonly string[], allowEmpty = true): string[] {
  if (!Array.isArray(value) || value.some((item) => typeof item !== 'string') || (!allowEmpty && value.length === 0)) {
    fail(scope, prop, value, allowEmpty ? 'must be a list of strings' : 'must be a non-empty list of strings');
  }
  return [...value];
}

/**
 * A DNS-1123 label: at most 63 lowercase alphanumerics or '-', starting and ending with an
 * alphanumeric. Names of pods, namespaces, volumes and containers must be one.
 * @param maxLength a tighter length limit, when the name is used to build longer names
 * @param lengthReason why the tighter limit applies, appended to the length error
 */
export function dns1123Label(scope: string, prop: string, value: string, maxLength = 63, lengthReason = ''): string {
  if (typeof value !== 'string' || !DNS1123_LABEL.test(value)) {
    fail(scope, prop, value, "is not a DNS-1123 label: use lowercase letters, digits and '-', starting and ending with a letter or digit");
  }
  if (value.length > maxLength) {
    fail(scope, prop, value, `is ${value.length} characters long; at most ${maxLength} are allowed${lengthReason}`);
  }
  return value;
}

/**
 * A DNS-1035 label: like a DNS-1123 label, but starting with a letter. Service names must be
 * one, because each Service name becomes a DNS name.
 */
export function dns1035Label(scope: string, prop: string, value: string, why = ''): string {
  if (typeof value !== 'string' || !DNS1035_LABEL.test(value) || value.length > 63) {
    fail(
      scope,
      prop,
      value,
      "is not a DNS-1035 label: use at most 63 lowercase letters, digits and '-', starting with a letter and ending with a letter or digit" + why,
    );
  }
  return value;
}

/** A DNS-1123 subdomain (Secret, ConfigMap, PriorityClass and ServiceAccount names). */
export function dns1123Subdomain(scope: string, prop: string, value: string): string {
  if (typeof value !== 'string' || !DNS1123_SUBDOMAIN.test(value) || value.length > 253) {
    fail(scope, prop, value, "is not a DNS-1123 subdomain: use at most 253 lowercase letters, digits, '-' and '.', starting and ending with a letter or digit");
  }
  return value;
}

/** The largest value of the API's int32 fields (replicas, ports, seconds, thresholds). */
export const INT32_MAX = 2147483647;

/**
 * A claim's `storageClassName`: a StorageClass name (a DNS-1123 subdomain), or `''`, which
 * turns dynamic provisioning off.
 * @returns the value; undefined when not given
 */
export function storageClassName(scope: string, prop: string, value: string | undefined): string | undefined {
  if (value !== undefined && value !== '') {
    dns1123Subdomain(scope, prop, value);
  }
  return value;
}

/** An integer in `[min, max]`; `max` defaults to the int32 limit of the API's integer fields. */
export function integer(scope: string, prop: string, value: number, min: number, max = INT32_MAX, why = ''): number {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < min || value > max) {
    const range = max === INT32_MAX ? `an integer from ${min} to ${INT32_MAX} (int32)` : `an integer from ${min} to ${max}`;
    fail(scope, prop, value, `is not ${range}${why}`);
  }
  return value;
}

/** A TCP/UDP port number, 1-65535. */
export function port(scope: string, prop: string, value: number | undefined): number {
  if (value === undefined) {
    fail(scope, prop, value, 'is required: give the TCP port the server listens on');
  }
  return integer(scope, prop, value, 1, 65535, ' (a port number)');
}

/**
 * A port name (IANA_SVC_NAME): at most 15 lowercase alphanumerics or '-', with at least one
 * letter and no '--'. Probes and Services refer to the container port by this name.
 */
export function portName(scope: string, prop: string, value: string): string {
  if (
    typeof value !== 'string' ||
    value.length > 15 ||
    !IANA_SVC_NAME.test(value) ||
    !/[a-z]/.test(value) ||
    value.includes('--')
  ) {
    fail(
      scope,
      prop,
      value,
      "is not a valid port name (IANA_SVC_NAME): use at most 15 lowercase letters, digits and '-', with at least one letter, no '--', and no '-' at either end",
    );
  }
  return value;
}

/**
 * A positive quantity such as `10Gi` (bytes) or `500m` (CPU cores).
 * @returns the quantity string, unchanged
 */
export function positiveQuantity(scope: string, prop: string, value: string): string {
  const parsed = parseExactQuantity(value);
  if (parsed === undefined) {
    if (isQuantitySyntax(value)) {
      fail(scope, prop, value, `is outside the range of a Kubernetes quantity (at most 2^63-1 bytes or cores); ${QUANTITY_HELP}`);
    }
    fail(scope, prop, value, `is not a Kubernetes quantity; ${QUANTITY_HELP}`);
  }
  if (parsed.numerator <= 0n) {
    fail(scope, prop, value, `must be greater than zero; ${QUANTITY_HELP}`);
  }
  return value;
}

/** An absolute, non-root file system path without '..' or ':' (a container mount path). */
export function mountPath(scope: string, prop: string, value: string | undefined): string {
  if (value === undefined) {
    fail(scope, prop, value, "is required: give the absolute path where the volume is mounted in the container, e.g. '/data'");
  }
  if (typeof value !== 'string' || value === '') {
    fail(scope, prop, value, "is empty; give the absolute path where the volume is mounted in the container, e.g. '/data'");
  }
  if (!value.startsWith('/')) {
    fail(scope, prop, value, "is not an absolute path; mount paths must start with '/', e.g. '/data'");
  }
  if (value === '/' || value.split('/').includes('..') || value.includes(':')) {
    fail(scope, prop, value, "is not allowed: a volume cannot be mounted at '/', and mount paths may not contain '..' or ':'");
  }
  return value;
}

/**
 * A container image reference in the grammar the container runtimes parse
 * (`[registry[:port]/]repository[:tag][@digest]`, repository in lowercase). The API server
 * accepts any non-blank string, and a malformed one fails only at pull time, forever.
 */
export function image(scope: string, prop: string, value: string | undefined): string {
  if (value === undefined) {
    fail(scope, prop, value, "is required: give the container image, e.g. 'postgres:16'");
  }
  const problem = typeof value === 'string' ? DockerReference.problem(value) : 'not a string';
  if (problem !== undefined) {
    fail(
      scope,
      prop,
      value,
      `is not a container image reference (${problem}); give [registry[:port]/]repository[:tag][@digest] with a lowercase repository, e.g. 'postgres:16' or 'registry.example.com/team/app@sha256:<64 hex digits>'`,
    );
  }
  return value;
}

/** An environment variable name (C identifier plus '-' and '.'). */
export function envVarName(scope: string, prop: string, value: string): string {
  if (!ENV_VAR_NAME.test(value)) {
    fail(scope, prop, value, "is not a valid environment variable name: use letters, digits, '_', '-' and '.', not starting with a digit");
  }
  return value;
}

/**
 * A map of labels: keys are qualified names with an optional DNS-subdomain prefix
 * (`example.com/tier`), values at most 63 characters of alphanumerics, '-', '_' and '.'.
 */
export function labels(scope: string, prop: string, value: Readonly<Record<string, string>> | undefined): Record<string, string> {
  const result: Record<string, string> = {};
  for (const [key, entry] of Object.entries(object(scope, prop, value))) {
    annotationKey(scope, `${prop} key`, key);
    result[key] = labelValue(scope, `${prop}['${key}']`, entry);
  }
  return result;
}

/**
 * A label value: at most 63 letters, digits, '-', '_' and '.', starting and ending with a
 * letter or digit (or empty).
 */
export function labelValue(scope: string, prop: string, value: string, why = ''): string {
  if (typeof value !== 'string' || value.length > 63 || !LABEL_VALUE.test(value)) {
    fail(scope, prop, value, "is not a valid label value: use at most 63 letters, digits, '-', '_' and '.', starting and ending with a letter or digit" + why);
  }
  return value;
}

/** A map of annotations: keys as for labels, values any string. */
export function annotations(scope: string, prop: string, value: Readonly<Record<string, string>> | undefined): Record<string, string> {
  const result: Record<string, string> = {};
  for (const [key, annotationValue] of Object.entries(object(scope, prop, value))) {
    annotationKey(scope, `${prop} key`, key);
    if (typeof annotationValue !== 'string') {
      fail(scope, `${prop}['${key}']`, annotationValue, 'is not a string; annotation values are strings');
    }
    result[key] = annotationValue;
  }
  return result;
}

/** A qualified name with an optional DNS-subdomain prefix (label keys, taint keys, topology keys). */
export function qualifiedName(scope: string, prop: string, key: string): string {
  if (typeof key !== 'string') {
    fail(scope, prop, key, 'must be a string');
  }
  annotationKey(scope, prop, key);
  return key;
}

function annotationKey(scope: string, prop: string, key: string): void {
  const slash = key.lastIndexOf('/');
  const prefix = slash >= 0 ? key.slice(0, slash) : undefined;
  const name = slash >= 0 ? key.slice(slash + 1) : key;
  if (
    name.length === 0 ||
    name.length > 63 ||
    !QUALIFIED_NAME.test(name) ||
    (prefix !== undefined && (prefix.length > 253 || !DNS1123_SUBDOMAIN.test(prefix)))
  ) {
    fail(scope, prop, key, "is not a valid label or annotation key: use an optional DNS subdomain prefix and '/', then at most 63 letters, digits, '-', '_' and '.'");
  }
}

/**
 * One of a closed set of values (an enum given as its Kubernetes string).
 * @returns the value, typed as the enum
 */
export function oneOf<T extends string>(scope: string, prop: string, value: T, allowed: Readonly<Record<string, T>>): T {
  const values = Object.values(allowed);
  if (!values.includes(value)) {
    fail(scope, prop, value, `is not one of ${values.map((v) => `'${v}'`).join(', ')}`);
  }
  return value;
}

/** An IPv4 or IPv6 CIDR block (`10.0.0.0/8`, `fd00::/8`). */
export function cidr(scope: string, prop: string, value: string): string {
  if (typeof value !== 'string' || !ipaddr.isValidCIDR(value)) {
    fail(scope, prop, value, "is not a CIDR block such as '10.0.0.0/8' or 'fd00::/8'");
  }
  return value;
}
