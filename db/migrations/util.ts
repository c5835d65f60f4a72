import { sql, type Kysely } from "kysely";

/** Runs a script of DDL statements one by one (PGlite's extended protocol takes one statement per query).
 * Statements are separated by a semicolon at the end of a line; keep semicolons out of string literals. */
export async function runScript(db: Kysely<any>, script: string): Promise<void> {
  const statements = script
    .split(/;\s*\n/)
    .map((s) => s.trim().replace(/;$/, ""))
    .filter((s) => s.length > 0);
  for (const statement of statements) await sql.raw(statement).execute(db);
}
