/**
 * Templates inside packaged subcharts (`charts/redis-1.0.0.tgz`) have no file an editor
 * can show. Their rendered objects still take part in every lookup (a parent's
 * StatefulSet may name a Service the subchart makes); what the rules find about them is
 * reported on the parent's `Chart.yaml`, at the `dependencies` entry naming that subchart
 * (its `alias`, else its `name`), with the archive and the template's path inside it in
 * the message. Related locations in them point there too.
 */

export interface PackagedTemplate {
  /** The archive, relative to the chart ('charts/redis-1.0.0.tgz'). */
  archive: string;
  /** The template's path inside the archive's chart ('templates/sts.yaml'). */
  inner: string;
}

/** `charts/redis-1.0.0.tgz/templates/sts.yaml` → the archive and the path inside it; undefined for a file of the workspace. */
export function packagedTemplate(path: string): PackagedTemplate | undefined {
  const match = /^(charts\/[^/]+\.tgz)\/(.+)$/i.exec(path);
  return match ? { archive: match[1], inner: match[2] } : undefined;
}

/**
 * The name the parent gives the subchart a template belongs to: the third segment of
 * helm's source name ('db/charts/redis/templates/sts.yaml' → 'redis'), an alias if it has one.
 */
export function subchartNameOf(sourceName: string | undefined): string | undefined {
  const parts = sourceName?.split('/') ?? [];
  return parts[1] === 'charts' ? parts[2] : undefined;
}

/**
 * Offsets in Chart.yaml of the value naming a subchart in `dependencies` (`alias: x`
 * first, else `name: x`); the `dependencies:` key when no entry names it; the first
 * line when there is none. Read line by line: Chart.yaml is written by hand, in block style.
 */
export function dependencyEntryRange(chartYaml: string, subchart: string | undefined): { start: number; end: number } {
  const lines = chartYaml.split('\n');
  let offset = 0;
  let inDependencies = false;
  let dependenciesKey: { start: number; end: number } | undefined;
  let byName: { start: number; end: number } | undefined;
  for (const line of lines) {
    if (/^dependencies\s*:/.test(line)) {
      inDependencies = true;
      dependenciesKey = { start: offset, end: offset + 'dependencies'.length };
    } else if (/^\S/.test(line) && !line.startsWith('#')) {
      inDependencies = false;
    } else if (inDependencies && subchart !== undefined) {
      const match = /^(\s*(?:-\s+)?(name|alias)\s*:\s*["']?)([^"'#\s]+)/.exec(line);
      if (match && match[3] === subchart) {
        const range = { start: offset + match[1].length, end: offset + match[1].length + match[3].length };
        if (match[2] === 'alias') return range;
        byName ??= range;
      }
    }
    offset += line.length + 1;
  }
  return byName ?? dependenciesKey ?? { start: 0, end: Math.max(0, lines[0]?.length ?? 0) };
}

/** What a message about a packaged template adds, so the reader knows where it really is. */
export function packagedWhere(packaged: PackagedTemplate): string {
  return `(In the packaged subchart ${packaged.archive}, ${packaged.inner}.)`;
}
