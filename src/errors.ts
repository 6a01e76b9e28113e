/**
 * The two kinds of failure py2kube knows. A `UserError` is bad input the user can fix
 * (exit 2, no stack trace); anything else is a bug in py2kube.
 */
export type UserErrorCode =
  | 'E_NO_DIRECTORY'
  | 'E_APP_ROOT'
  | 'E_TOML_SYNTAX'
  | 'E_CONFIG_INVALID'
  | 'E_CONFIG_CONFLICT'
  | 'E_FILE_UNREADABLE'
  | 'E_USAGE'
  | 'E_NO_SERVER'
  | 'E_NO_APP'
  | 'E_KUBE_VERSION'
  | 'E_OUTPUT'
  | 'E_RUNTIME_UNSUPPORTED';

export interface UserErrorOptions {
  code: UserErrorCode;
  /** The one thing the user should do next. */
  hint?: string;
  /** `file:line:column` of the offending input, when known. */
  location?: string;
  cause?: unknown;
}

export class UserError extends Error {
  readonly code: UserErrorCode;
  readonly hint: string | undefined;
  readonly location: string | undefined;

  constructor(message: string, options: UserErrorOptions) {
    super(message, { cause: options.cause });
    this.name = 'UserError';
    this.code = options.code;
    this.hint = options.hint;
    this.location = options.location;
  }
}

export function isUserError(error: unknown): error is UserError {
  return error instanceof UserError;
}
