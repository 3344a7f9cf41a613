import type { QueryRunner } from 'typeorm';

/**
 * Makes `tables` append-only for every client, the service included: `refuseFunction`, a trigger
 * function the migration created (it raises), runs before each UPDATE or DELETE row and each TRUNCATE.
 * Histories (DID versions, ledger postings, message logs) are evidence: nothing may rewrite them.
 */
export async function makeAppendOnly(
  queryRunner: QueryRunner,
  tables: readonly string[],
  refuseFunction: string,
): Promise<void> {
  for (const table of tables) {
    await queryRunner.query(
      `CREATE TRIGGER ${table}_append_only BEFORE UPDATE OR DELETE ON ${table} FOR EACH ROW EXECUTE FUNCTION ${refuseFunction}()`,
    );
    await queryRunner.query(
      `CREATE TRIGGER ${table}_no_truncate BEFORE TRUNCATE ON ${table} FOR EACH STATEMENT EXECUTE FUNCTION ${refuseFunction}()`,
    );
  }
}
