/**
 * Go values as the renderer holds them:
 * - nil: `null`; bool: boolean; string: string;
 * - float64: `number` (every number read from YAML values is a float64 in Helm, since
 *   sigs.k8s.io/yaml decodes through encoding/json); int/int64: `bigint`;
 * - []interface{}: arrays; map[string]interface{}: plain objects (`isMap`);
 * - Go structs and objects with methods (`.Files`, `.Capabilities`, `.Chart`): `GoObject`;
 * - values the renderer cannot know: `Unknown`.
 */
import { Unknown } from '../unknown';

export type GoValue = null | boolean | string | number | bigint | GoValue[] | GoMap | GoObject | Unknown;
export interface GoMap { [key: string]: GoValue }

/** A method callable from a template (`.Files.Get "x"`). */
export type GoMethod = (args: GoValue[]) => GoValue;

/** A Go struct or named type: fields by name, methods by name. */
export class GoObject {
  constructor(
    readonly typeName: string,
    readonly fields: Record<string, GoValue>,
    readonly methods: Record<string, GoMethod> = {},
    /** How fmt prints it (%v), when a chart prints the object itself. */
    readonly printed?: string,
    /** For Go map types with methods (Helm's Files): the entries, sorted by key, which
     * decide truth, `len` and `range`. */
    readonly entries?: () => [string, GoValue][],
  ) {}
}

/** Maps that are Helm's `common.Values` type (each chart's `.Values`), not a plain
 * map[string]interface{}: `typeOf` names them so, and Sprig's `dig` rejects them as Helm does. */
export const VALUES_TYPED = new WeakSet<object>();

export function isMap(v: unknown): v is GoMap {
  return v !== null && typeof v === 'object' && !Array.isArray(v) && !(v instanceof Unknown) && !(v instanceof GoObject);
}

export function isUnknown(v: unknown): v is Unknown {
  return v instanceof Unknown;
}

/** Go's `reflect.Type.String()` for the values we hold. An integer prints 'int', though
 * Sprig's math returns int64: callers that name types (typeOf, kindOf, %T) treat integers
 * as unknown instead (see `namesIntegerType`). */
export function typeName(v: GoValue): string {
  if (v === null) return '<nil>';
  switch (typeof v) {
    case 'boolean': return 'bool';
    case 'string': return 'string';
    case 'number': return 'float64';
    case 'bigint': return 'int';
    default:
  }
  if (Array.isArray(v)) return '[]interface {}';
  if (v instanceof GoObject) return v.typeName;
  if (v instanceof Unknown) return 'unknown';
  return VALUES_TYPED.has(v) ? 'common.Values' : 'map[string]interface {}';
}

/** Go's reflect Kind names, as Sprig's kindOf prints them. */
export function kindName(v: GoValue): string {
  if (v === null) return 'invalid';
  switch (typeof v) {
    case 'boolean': return 'bool';
    case 'string': return 'string';
    case 'number': return 'float64';
    case 'bigint': return 'int';
    default:
  }
  if (Array.isArray(v)) return 'slice';
  if (v instanceof GoObject) return 'struct';
  return 'map';
}

/** text/template's truth (exec.go isTrue): zero values are false. */
export function truth(v: GoValue): boolean {
  if (v === null) return false;
  switch (typeof v) {
    case 'boolean': return v;
    case 'string': return v.length > 0;
    case 'number': return v !== 0;
    case 'bigint': return v !== 0n;
    default:
  }
  if (Array.isArray(v)) return v.length > 0;
  if (v instanceof GoObject) return v.entries ? v.entries().length > 0 : true;
  return Object.keys(v).length > 0;
}

/** Go's map key order (fmt and text/template sort string keys by bytes). */
export function sortedKeys(m: GoMap): string[] {
  return Object.keys(m).sort(compareStrings);
}

export function compareStrings(a: string, b: string): number {
  if (a === b) return 0;
  // UTF-16 order equals byte order except for astral vs high-BMP characters; close enough,
  // and exact for the ASCII keys charts use.
  return a < b ? -1 : 1;
}

/** Whether naming the Go type of `v` would have to choose between int and int64. */
export function namesIntegerType(v: GoValue): boolean {
  return typeof v === 'bigint';
}
