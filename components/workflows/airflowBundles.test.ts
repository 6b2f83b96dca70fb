import { spawnSync } from "node:child_process";
import { dagBundleConfigList, EXAMPLE_BUNDLE, gitConnectionEnvironment, gitConnectionId } from "./airflowBundles";
import { renderAirflowCfg } from "./airflowConfig";

const gitBundle = { name: "team-dags", source: "git", url: "https://git.acme.example/data/dags.git", ref: "main", subdir: "dags", credentialsSecret: "team-dags-git", refreshSeconds: 60 } as const;
const publicGit = { name: "public-dags", source: "git", url: "git@git.acme.example:data/public.git", ref: "v1.2.0" } as const;
const s3Bundle = { name: "etl", source: "s3", bucket: "dags", prefix: "etl/current" } as const;

describe("DAG bundles", () => {
  const list = dagBundleConfigList([gitBundle, publicGit, s3Bundle, EXAMPLE_BUNDLE], "warehouse");

  it("keep the image's DAG folder as the first bundle, so a custom image's DAGs are read", () => {
    expect(list[0]).toEqual({ name: "dags-folder", classpath: "airflow.dag_processing.bundles.local.LocalDagBundle", kwargs: { path: "/opt/airflow/dags" } });
    expect(list.map((b) => b.name)).toEqual(["dags-folder", "team-dags", "public-dags", "etl", "lakehouse-examples"]);
  });

  it("turn a Git repository into GitDagBundle kwargs, with a connection only when it has credentials", () => {
    expect(list[1]).toEqual({
      name: "team-dags",
      classpath: "airflow.providers.git.bundles.git.GitDagBundle",
      kwargs: { repo_url: gitBundle.url, tracking_ref: "main", subdir: "dags", git_conn_id: "lakehouse_git_team_dags", refresh_interval: 60 },
    });
    expect(list[2].kwargs).toEqual({ repo_url: publicGit.url, tracking_ref: "v1.2.0" });
  });

  it("read an S3 prefix through Airflow's object store connection, in the warehouse bucket unless one is named", () => {
    expect(list[3]).toEqual({ name: "etl", classpath: "airflow.providers.amazon.aws.bundles.s3.S3DagBundle", kwargs: { aws_conn_id: "lakehouse_s3", bucket_name: "dags", prefix: "etl/current" } });
    expect(list[4].kwargs).toMatchObject({ bucket_name: "warehouse", prefix: "airflow-dags/lakehouse-examples" });
    expect(() => dagBundleConfigList([s3Bundle, { ...EXAMPLE_BUNDLE }], undefined)).toThrow(/lakehouse-examples reads the object store/);
  });

  it("hand a private repository's connection over from the operator's Secret, never as a value", () => {
    expect(gitConnectionEnvironment([gitBundle, publicGit, s3Bundle])).toEqual([{ name: "AIRFLOW_CONN_LAKEHOUSE_GIT_TEAM_DAGS", secret: { name: "team-dags-git", key: "connection" } }]);
    // Airflow looks a connection up as AIRFLOW_CONN_<conn_id upper-cased>.
    expect(`AIRFLOW_CONN_${gitConnectionId("team-dags").toUpperCase()}`).toBe("AIRFLOW_CONN_LAKEHOUSE_GIT_TEAM_DAGS");
  });

  it("reach airflow.cfg as one JSON value that Python's configparser (interpolating, as Airflow's does) reads back whole", () => {
    const cfg = renderAirflowCfg({ apiServerUrl: "http://a:8080", statsdHost: "s", apiWorkers: 1, workerConcurrency: 1, dagBundles: list });
    const read = spawnSync(
      "python3",
      [
        "-c",
        "import configparser, json, sys; c = configparser.ConfigParser(); c.read_string(sys.stdin.read()); print(json.dumps([json.loads(c['dag_processor']['dag_bundle_config_list']), c['dag_processor']['dag_bundle_storage_path']]))",
      ],
      { input: cfg, encoding: "utf8" },
    );
    expect(read.stderr).toBe("");
    expect(JSON.parse(read.stdout)).toEqual([list, "/opt/airflow/dag-bundles"]);
  });
});
