/**
 * The one kind of refusal an action shows as a translated message: status 4xx, a message key, its variables and the
 * form field it belongs to (none: about the whole form). Domain functions throw it; `actionError()` (forms.server.ts)
 * turns it into the one action error response.
 */
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

/**
 * A form that failed its schema (parseForm): every field's message key, and the variables of those that have some
 * (`fieldVars`); the first one is the error's own key, vars and field.
 */
export class FormInvalid extends ActionError {
  constructor(
    public fields: Record<string, string>,
    vars: Record<string, string | number> = {},
    public fieldVars: Record<string, Record<string, string | number>> = {},
  ) {
    const [field, key] = Object.entries(fields)[0] ?? ["_form", "error.400.title"];
    super(400, key, Object.keys(vars).length > 0 ? vars : (fieldVars[field] ?? {}), field === "_form" ? undefined : field);
  }
}
