import { envPrefix, ENSURE_DATABASE_SQL, provisionScript } from "./ensureDatabase";

test("quotes every name and the password through format() so no value becomes SQL", () => {
  for (const variable of ["role", "password", "database"]) expect(ENSURE_DATABASE_SQL).toContain(`:'${variable}'`);
  expect(ENSURE_DATABASE_SQL).not.toMatch(/:[a-z]+\b(?!')/);
  expect(ENSURE_DATABASE_SQL).toMatch(/WHERE NOT EXISTS \(SELECT FROM pg_roles/);
  expect(ENSURE_DATABASE_SQL).toMatch(/WHERE NOT EXISTS \(SELECT FROM pg_database/);
});

test("ensures each consumer's database from its own environment variables, after the server answers", () => {
  const script = provisionScript(["nessie", "airflow"]);
  const lines = script.trim().split("\n");
  expect(lines[1]).toMatch(/^until pg_isready/);
  expect(lines[2]).toContain('-v role="$NESSIE_USERNAME" -v password="$NESSIE_PASSWORD" -v database=nessie');
  expect(lines[3]).toContain('-v role="$AIRFLOW_USERNAME" -v password="$AIRFLOW_PASSWORD" -v database=airflow');
  expect(envPrefix("my-app")).toBe("MY_APP");
});
