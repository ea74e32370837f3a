/**
 * Kysely over the warehouse: a small project-owned DuckDB dialect (docs: shared stack-notes §3.3) whose driver runs
 * every query on the connection of an open `Warehouse`, so callers keep the project's lock and read-only rules (open
 * with `openWarehouse` as usual; a read-only warehouse refuses writes). Rows are converted by `queryPlain`, exactly
 * as `revcycle query` and the site see them: DECIMAL, BIGINT → number, DATE → 'YYYY-MM-DD', TIMESTAMP → ISO 8601.
 *
 *   const db = martsDb(wh);
 *   const rows = await db.selectFrom('marts.claims').select(['claim_id', 'billed_amount']).where('payer_id', '=', 'P1').execute();
 *
 * The warehouse stays the caller's: `db.destroy()` does not close it. Queries are serialized on its one connection,
 * so a Kysely transaction holds it until it commits or rolls back. DuckDB has no savepoints and no isolation levels.
 */
import {
  type CompiledQuery,
  DialectAdapterBase,
  Kysely,
  PostgresQueryCompiler,
  sql,
  type DatabaseConnection,
  type DatabaseIntrospector,
  type DatabaseMetadata,
  type DatabaseMetadataOptions,
  type Dialect,
  type Driver,
  type QueryResult,
  type SchemaMetadata,
  type TableMetadata,
  type TransactionSettings,
} from 'kysely';
import { StatementType, type DuckDBValue } from '@duckdb/node-api';
import { queryPlain } from './results.ts';
import type { Warehouse } from './warehouse.ts';
import type { MartsDatabase } from './marts-types.ts';

export interface DuckDBDialectConfig {
  /** An open warehouse (read-write or read-only); it stays open after `Kysely.destroy()`. */
  warehouse: Warehouse;
}

const DML_NODES = new Set(['InsertQueryNode', 'UpdateQueryNode', 'DeleteQueryNode', 'MergeQueryNode']);
const DML_STATEMENTS: StatementType[] = [StatementType.INSERT, StatementType.UPDATE, StatementType.DELETE, StatementType.MERGE_INTO];

class WarehouseConnection implements DatabaseConnection {
  constructor(private readonly wh: Warehouse) {}

  /**
   * DuckDB answers INSERT / UPDATE / DELETE / MERGE without RETURNING with one row `{Count: n}`: that becomes
   * `numAffectedRows`, never a result row. Decided by the statement, not by the result's shape, so a
   * `select count(*) as count` stays a row (kysely-duckdb's bug).
   */
  async executeQuery<R>(q: CompiledQuery): Promise<QueryResult<R>> {
    const params = q.parameters as DuckDBValue[];
    const node = q.query as { kind: string; returning?: unknown };
    if (DML_NODES.has(node.kind) ? !node.returning : node.kind === 'RawNode' && (await this.isRawDml(q.sql))) {
      const result = await this.wh.con.run(q.sql, params);
      return { rows: [], numAffectedRows: BigInt(result.rowsChanged) };
    }
    return { rows: (await queryPlain(this.wh.con, q.sql, params)).rows as R[] };
  }

  /** A raw `sql` statement: DML without RETURNING? (Several statements do not prepare: not DML then.) */
  private async isRawDml(text: string): Promise<boolean> {
    if (/\breturning\b/i.test(text)) return false;
    try {
      const prepared = await this.wh.con.prepare(text);
      try {
        return DML_STATEMENTS.includes(prepared.statementType);
      } finally {
        prepared.destroySync();
      }
    } catch {
      return false;
    }
  }

  async *streamQuery<R>(q: CompiledQuery, chunkSize = 1000): AsyncIterableIterator<QueryResult<R>> {
    const { rows } = await this.executeQuery<R>(q);
    for (let i = 0; i < rows.length; i += chunkSize) yield { rows: rows.slice(i, i + chunkSize) };
  }
}

class WarehouseDriver implements Driver {
  private readonly connection: WarehouseConnection;
  private queue: Promise<void> = Promise.resolve();
  private release: (() => void) | undefined;

  constructor(private readonly wh: Warehouse) {
    this.connection = new WarehouseConnection(wh);
  }

  async init(): Promise<void> {}

  /** One connection: the next caller waits until the current one (a query or a whole transaction) releases it. */
  async acquireConnection(): Promise<DatabaseConnection> {
    const previous = this.queue;
    let release!: () => void;
    this.queue = new Promise<void>((r) => (release = r));
    await previous;
    this.release = release;
    return this.connection;
  }

  async beginTransaction(_: DatabaseConnection, settings: TransactionSettings): Promise<void> {
    if (settings.isolationLevel || settings.accessMode) throw new Error('DuckDB: no isolation levels or access modes per transaction');
    await this.wh.con.run('BEGIN TRANSACTION');
  }

  async commitTransaction(): Promise<void> {
    await this.wh.con.run('COMMIT');
  }

  async rollbackTransaction(): Promise<void> {
    await this.wh.con.run('ROLLBACK');
  }

  async releaseConnection(): Promise<void> {
    const release = this.release;
    this.release = undefined;
    release?.();
  }

  /** The warehouse is the caller's to close. */
  async destroy(): Promise<void> {}
}

/** Transactional DDL and RETURNING work; the cross-process lock lives in `openWarehouse`, so the migration lock is a no-op. */
class DuckDBAdapter extends DialectAdapterBase {
  override get supportsTransactionalDdl(): boolean {
    return true;
  }

  override get supportsReturning(): boolean {
    return true;
  }

  async acquireMigrationLock(): Promise<void> {}

  async releaseMigrationLock(): Promise<void> {}
}

/** Tables and views of the warehouse's own catalog, from information_schema (temporary objects left out). */
class DuckDBIntrospector implements DatabaseIntrospector {
  constructor(private readonly db: Kysely<any>) {}

  async getSchemas(): Promise<SchemaMetadata[]> {
    const r = await sql<SchemaMetadata>`SELECT schema_name AS name FROM information_schema.schemata
      WHERE catalog_name = current_database() ORDER BY 1`.execute(this.db);
    return r.rows;
  }

  async getTables(options: DatabaseMetadataOptions = { withInternalKyselyTables: false }): Promise<TableMetadata[]> {
    const r = await sql<{ s: string; t: string; type: string; c: string; dt: string; nullable: string; dflt: string | null }>`
      SELECT c.table_schema AS s, c.table_name AS t, t.table_type AS type, c.column_name AS c, c.data_type AS dt,
             c.is_nullable AS nullable, c.column_default AS dflt
      FROM information_schema.columns c
      JOIN information_schema.tables t USING (table_catalog, table_schema, table_name)
      WHERE c.table_catalog = current_database()
      ORDER BY c.table_schema, c.table_name, c.ordinal_position`.execute(this.db);
    const tables = new Map<string, TableMetadata & { columns: TableMetadata['columns'][number][] }>();
    for (const row of r.rows) {
      if (!options.withInternalKyselyTables && row.t.startsWith('kysely_migration')) continue;
      const key = `${row.s}.${row.t}`;
      if (!tables.has(key)) tables.set(key, { schema: row.s, name: row.t, isView: row.type === 'VIEW', columns: [] });
      tables.get(key)!.columns.push({
        name: row.c,
        dataType: row.dt,
        isNullable: row.nullable === 'YES',
        hasDefaultValue: row.dflt !== null,
        isAutoIncrementing: /^nextval\(/i.test(row.dflt ?? ''),
      });
    }
    return [...tables.values()];
  }

  async getMetadata(options?: DatabaseMetadataOptions): Promise<DatabaseMetadata> {
    return { tables: await this.getTables(options) };
  }
}

/** Kysely dialect over an open `Warehouse`: PostgreSQL SQL ($1 placeholders, double-quoted identifiers) suits DuckDB. */
export class DuckDBDialect implements Dialect {
  constructor(private readonly config: DuckDBDialectConfig) {}

  createDriver(): Driver {
    return new WarehouseDriver(this.config.warehouse);
  }

  createQueryCompiler(): PostgresQueryCompiler {
    return new PostgresQueryCompiler();
  }

  createAdapter(): DuckDBAdapter {
    return new DuckDBAdapter();
  }

  createIntrospector(db: Kysely<any>): DatabaseIntrospector {
    return new DuckDBIntrospector(db);
  }
}

/** Typed queries on the marts of an open warehouse (src/db/marts-types.ts), e.g. `martsDb(wh).selectFrom('marts.claims')`. */
export function martsDb(wh: Warehouse): Kysely<MartsDatabase> {
  return new Kysely<MartsDatabase>({ dialect: new DuckDBDialect({ warehouse: wh }) });
}
