/**
 * Every default py2kube applies, with the reason for it. Other modules import values from
 * here instead of writing numbers inline, so a default is changed in exactly one place.
 */

export const ANALYSIS_LIMITS = {
  /** Files listed before the walk stops: a service repo has far fewer; a bigger tree is almost always a mis-aimed DIR. */
  maxFiles: 200_000,
  /** Directory depth the walk enters: deeper trees are vendored or generated. */
  maxDepth: 24,
  /** Largest file read for analysis (2 MiB): configuration and source are small; bigger files are data. */
  maxFileBytes: 2 * 1024 * 1024,
} as const;

export const DEFAULTS = {
  /**
   * Port when neither config nor the project's own commands name one. 8000 is what gunicorn,
   * uvicorn and Django's runserver bind by default.
   * @see https://docs.gunicorn.org/en/stable/settings.html#bind
   */
  port: 8000,
  /** Port Flask's own `flask run` uses; only applied when the project runs it that way. */
  flaskPort: 5000,
} as const;

export const DEFAULTS_PYTHON = {
  /** Minor versions py2kube knows images for (python:<minor>-slim exists for each). */
  known: ['3.9', '3.10', '3.11', '3.12', '3.13', '3.14'] as const,
  /**
   * Chosen when the project only gives a lower bound (`>=3.10`): the newest release that
   * compiled dependencies reliably publish wheels for; an unbounded range should not silently
   * move the image to a brand-new interpreter whose wheels may be missing.
   */
  openEnded: '3.13',
} as const;
