// The idempotent SQL that gives one consumer its own role and database. Names and the password
// arrive as psql variables (from the environment, so never in a manifest); %I and %L quote them,
// so no value can change the statement. Re-running only resets the password to the current one.
export const ENSURE_DATABASE_SQL = `\\set ON_ERROR_STOP on
SELECT format('CREATE ROLE %I LOGIN', :'role') WHERE NOT EXISTS (SELECT FROM pg_roles WHERE rolname = :'role')\\gexec
SELECT format('ALTER ROLE %I WITH LOGIN PASSWORD %L', :'role', :'password')\\gexec
SELECT format('CREATE DATABASE %I OWNER %I', :'database', :'role') WHERE NOT EXISTS (SELECT FROM pg_database WHERE datname = :'database')\\gexec
SELECT format('ALTER DATABASE %I OWNER TO %I', :'database', :'role')\\gexec
SELECT format('REVOKE ALL ON DATABASE %I FROM PUBLIC', :'database')\\gexec
`;

/** The environment variable prefix under which one consumer's credentials reach the Job. */
export const envPrefix = (consumer: string) => consumer.toUpperCase().replace(/[^A-Z0-9]/g, "_");

/**
 * The Job's shell script: wait for the server (bounded by the Job's deadline), then ensure each
 * consumer's role and database in turn.
 */
export function provisionScript(consumers: string[]): string {
  const lines = [
    "set -eu",
    'until pg_isready --quiet --timeout=5; do echo "waiting for $PGHOST:$PGPORT"; sleep 2; done',
    ...consumers.map((consumer) => {
      const prefix = envPrefix(consumer);
      return `psql --no-psqlrc --dbname=postgres -v role="$${prefix}_USERNAME" -v password="$${prefix}_PASSWORD" -v database=${consumer} --file=/scripts/ensure-database.sql && echo "database ${consumer}: ready"`;
    }),
  ];
  return lines.join("\n") + "\n";
}
