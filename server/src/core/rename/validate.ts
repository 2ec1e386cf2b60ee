/**
 * Whether a label key or value may be written, as the API server validates labels
 * (k8s.io/apimachinery/pkg/apis/meta/v1/validation ValidateLabels, with
 * pkg/util/validation/validation.go IsQualifiedName for keys and IsValidLabelValue for
 * values): a name part of at most 63 characters, alphanumeric at both ends with `-`, `_`,
 * `.` inside, and for a key an optional prefix that is a DNS-1123 subdomain of at most
 * 253 characters followed by `/`. A value may also be empty. Names of Services and
 * StatefulSets are checked by rules/invalidName.ts, the rule that reports them.
 */
const QUALIFIED_NAME = /^([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]$/;
const DNS1123_SUBDOMAIN = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;
const NAME_MAX = 63;
const PREFIX_MAX = 253;
const NAME_RULE = `at most ${NAME_MAX} characters, letters, digits, '-', '_' or '.', starting and ending with a letter or digit`;

export function labelKeyProblem(key: string): string | undefined {
  const slash = key.indexOf('/');
  const prefix = slash >= 0 ? key.slice(0, slash) : undefined;
  const name = slash >= 0 ? key.slice(slash + 1) : key;
  if (prefix !== undefined) {
    if (prefix.length === 0 || prefix.length > PREFIX_MAX || !DNS1123_SUBDOMAIN.test(prefix)) {
      return `Label key prefix '${prefix}' is not a valid DNS-1123 subdomain. Use lower-case letters, digits, '-' and '.', at most ${PREFIX_MAX} characters.`;
    }
  }
  if (name.length > NAME_MAX || !QUALIFIED_NAME.test(name)) {
    return `Label key '${key}' is not a valid label name. The name${prefix !== undefined ? ' after the prefix' : ''} needs ${NAME_RULE}.`;
  }
  return undefined;
}

export function labelValueProblem(value: string): string | undefined {
  if (value === '') return undefined;
  if (value.length > NAME_MAX || !QUALIFIED_NAME.test(value)) return `Label value '${value}' is not valid. A label value is empty or has ${NAME_RULE}.`;
  return undefined;
}
