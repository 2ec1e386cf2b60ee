/**
 * The Helm chart renderer: Go text/template with Helm's and Sprig's functions, in the pure
 * core. See contract.ts for the types and docs/helm.md for what is supported.
 *
 * - `renderChart(files, options)`: every template as `helm template` renders it, with a
 *   source map, uncertain ranges and problems.
 * - `chartSymbols(files)` / `templateSymbols(file, text)`: defines, include/template names and
 *   `.Values` chains with offsets.
 * - `isUnknownText(s)`: whether rendered text holds an unknown placeholder.
 */
export * from './contract';
export { renderChart, type RenderOptions } from './render';
export { chartSymbols, templateSymbols } from './symbols';
export { isUnknownText, Unknown } from './unknown';
