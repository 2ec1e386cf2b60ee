import type { Connection } from 'vscode-languageserver/node';

/**
 * Settings problems as a person sees them: each one logged (Output channel) and shown
 * in a notification once per change, never again while it stays the same: settings are
 * read again on every configuration change, and an editor restart or a server restart
 * must not bring back a pop-up about a setting nobody touched.
 *
 * What was last reported is kept by the client: the server sends it in
 * {@link SETTINGS_WARNINGS_NOTIFICATION} and receives it back at start in
 * `initializationOptions.settingsWarningsShown` (the VS Code client keeps it in the
 * workspace state). A client that does neither only loses the "not after a restart" part.
 */
export const SETTINGS_WARNINGS_NOTIFICATION = 'statefulManifests/settingsWarningsShown';

/** The problems kept per source: settings problems are a handful, each bounded (core/settingsText.ts). */
const MAX_KEPT = 50;

export type ShownWarnings = Record<string, string[]>;

export class SettingsWarnings {
  private readonly last = new Map<string, Set<string>>();

  constructor(private readonly connection: Connection) {}

  /** The problems reported before a restart (`initializationOptions.settingsWarningsShown`); anything else is ignored. */
  restore(shown: unknown): void {
    if (typeof shown !== 'object' || shown === null) return;
    for (const [source, problems] of Object.entries(shown as Record<string, unknown>).slice(0, 10)) {
      if (Array.isArray(problems)) this.last.set(source, new Set(problems.filter((p): p is string => typeof p === 'string').slice(0, MAX_KEPT)));
    }
  }

  /**
   * The problems of one reading of the settings from `source`: those not reported by the
   * previous reading are logged and shown (one notification for all of them).
   */
  report(source: string, problems: readonly string[]): void {
    const before = this.last.get(source) ?? new Set<string>();
    const fresh = problems.filter((problem) => !before.has(problem));
    const unchanged = fresh.length === 0 && before.size === problems.length;
    this.last.set(source, new Set(problems.slice(0, MAX_KEPT)));
    for (const problem of fresh) this.connection.console.warn(problem);
    if (fresh.length === 1) void this.connection.window.showWarningMessage(`Stateful Manifests: ${fresh[0]}`);
    else if (fresh.length > 1) {
      void this.connection.window.showWarningMessage(`Stateful Manifests: ${fresh[0]} (and ${fresh.length - 1} more settings problems: see the Output channel)`);
    }
    if (!unchanged) void this.connection.sendNotification(SETTINGS_WARNINGS_NOTIFICATION, this.shown());
  }

  private shown(): ShownWarnings {
    return Object.fromEntries([...this.last].map(([source, problems]) => [source, [...problems]]));
  }
}
