/** A refusal a route shows as a translated message: status 4xx, a message key, its variables, the form field. */
export class ActionError extends Error {
  constructor(
    public status: number,
    public key: string,
    public vars: Record<string, string | number> = {},
    public field?: string,
  ) {
    super(key);
  }
}
