import path from "node:path";
import ts from "typescript";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { sql } from "kysely";
import { createTestDatabase, type TestDatabase } from "./helpers/db";

// db/schema.ts is written by hand: this test keeps it in step with what the migrations really create. Every table of
// the migrated database must be in `Database` and the other way round, with the same columns, and a column's type
// includes `null` exactly when the column is nullable.

interface Declared {
  columns: Map<string, { nullable: boolean }>;
}

function declaredSchema(): Map<string, Declared> {
  const file = path.resolve(__dirname, "../db/schema.ts");
  const program = ts.createProgram([file], { strict: true, noEmit: true, skipLibCheck: true });
  const source = program.getSourceFile(file)!;
  const checker = program.getTypeChecker();
  // A column's select type (Kysely's ColumnType/Generated keep it in __select__) includes null?
  const nullable = (node: ts.TypeNode): boolean => {
    let type = checker.getTypeFromTypeNode(node);
    const select = type.getProperty("__select__");
    if (select) type = checker.getTypeOfSymbol(select);
    const parts = type.isUnion() ? type.types : [type];
    return parts.some((t) => (t.flags & ts.TypeFlags.Null) !== 0);
  };
  const interfaces = new Map<string, ts.InterfaceDeclaration>();
  source.forEachChild((n) => {
    if (ts.isInterfaceDeclaration(n)) interfaces.set(n.name.text, n);
  });
  const database = interfaces.get("Database");
  if (!database) throw new Error("db/schema.ts has no Database interface");
  const out = new Map<string, Declared>();
  for (const member of database.members) {
    if (!ts.isPropertySignature(member) || !member.type) continue;
    const table = (member.name as ts.Identifier).text;
    const typeName = member.type.getText(source);
    const iface = interfaces.get(typeName);
    if (!iface) throw new Error(`Database.${table}: interface ${typeName} not found`);
    const columns = new Map<string, { nullable: boolean }>();
    for (const col of iface.members) {
      if (!ts.isPropertySignature(col) || !col.type) continue;
      columns.set((col.name as ts.Identifier).text, { nullable: nullable(col.type) });
    }
    out.set(table, { columns });
  }
  return out;
}

describe("db/schema.ts matches the migrated database", () => {
  let db: TestDatabase;
  beforeAll(async () => {
    db = await createTestDatabase();
  });
  afterAll(async () => {
    await db?.drop();
  });

  it("has the same tables, columns and nullability", async () => {
    // Generated columns are reported nullable whatever their expression: their nullability is not compared.
    const rows = await sql<{ table_name: string; column_name: string; is_nullable: string; is_generated: string }>`
      select c.table_name, c.column_name, c.is_nullable, c.is_generated
      from information_schema.columns c
      join information_schema.tables t on t.table_schema = c.table_schema and t.table_name = c.table_name
      where c.table_schema = 'public' and t.table_type = 'BASE TABLE'
        and c.table_name not like 'kysely\\_%' and c.table_name <> 'socket_io_attachments'
      order by c.table_name, c.ordinal_position`.execute(db.db);
    const actual = new Map<string, Map<string, { nullable: boolean; generated: boolean }>>();
    for (const r of rows.rows) {
      const t = actual.get(r.table_name) ?? new Map();
      t.set(r.column_name, { nullable: r.is_nullable === "YES", generated: r.is_generated === "ALWAYS" });
      actual.set(r.table_name, t);
    }
    const declared = declaredSchema();
    const problems: string[] = [];
    for (const table of actual.keys()) if (!declared.has(table)) problems.push(`table ${table} is not in Database`);
    for (const table of declared.keys()) if (!actual.has(table)) problems.push(`Database.${table} does not exist in the database`);
    for (const [table, cols] of actual) {
      const d = declared.get(table);
      if (!d) continue;
      for (const [name, c] of cols) {
        const dc = d.columns.get(name);
        if (!dc) problems.push(`${table}.${name} is not declared`);
        else if (!c.generated && dc.nullable !== c.nullable) problems.push(`${table}.${name}: declared ${dc.nullable ? "nullable" : "not null"}, is ${c.nullable ? "nullable" : "not null"}`);
      }
      for (const name of d.columns.keys()) if (!cols.has(name)) problems.push(`${table}.${name} is declared but does not exist`);
    }
    expect(problems).toEqual([]);
  });
});
