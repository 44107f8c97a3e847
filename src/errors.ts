/** Errors a user can fix, shown without a stack: a bad config file, option, baseline or rule setting. */
export class ConfigError extends Error {
  override name = 'ConfigError';
}
