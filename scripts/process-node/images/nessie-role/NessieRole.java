// Nessie's role on the process node: the ghcr.io/projectnessie/nessie image cannot be had here, so
// Apache Iceberg's REST reference server (RESTCatalogAdapter + RESTCatalogServlet from
// iceberg-core's test jar, as iceberg-open-api's RESTCatalogServer runs them) serves the Iceberg
// REST API over a JdbcCatalog in the PostgreSQL database the program gives Nessie.
//
// It is configured only from what the Pulumi program renders for Nessie
// (components/catalog/nessieEnvironment.ts): ./config/application.properties (the image runs from
// /deployments, where the ConfigMap is mounted at config/) and the environment, read with the
// Quarkus/SmallRye rules that matter here. Every setting is logged as mapped, ignored or a fixed
// choice of this stand-in; a missing required setting or one it cannot emulate stops it with a
// message naming the key.
//
//   app port (quarkus.http.port, 19120):         /iceberg/... the Iceberg REST API
//   management (quarkus.management.port, 9000):  /q/health/{live,ready,started}, /q/metrics
//
// Usage: java -cp <classes>:<iceberg-rest lib>/* NessieRole [--print-mapping]
//   --print-mapping: read the configuration, log what it maps to, print the catalog properties
//   (secrets redacted) and exit, without connecting to anything.
//
// Java 17; only the jars of the toolchain's iceberg-rest lib (scripts/toolchain/servers.sh).

import jakarta.servlet.ServletConfig;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.PrintStream;
import java.io.Reader;
import java.lang.management.ManagementFactory;
import java.net.InetAddress;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.DoubleAdder;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.hadoop.conf.Configuration;
import org.apache.iceberg.CatalogProperties;
import org.apache.iceberg.CatalogUtil;
import org.apache.iceberg.catalog.Catalog;
import org.apache.iceberg.catalog.SupportsNamespaces;
import org.apache.iceberg.exceptions.RESTException;
import org.apache.iceberg.io.FileIO;
import org.apache.iceberg.jdbc.JdbcCatalog;
import org.apache.iceberg.jdbc.JdbcClientPool;
import org.apache.iceberg.rest.Endpoint;
import org.apache.iceberg.rest.HTTPRequest;
import org.apache.iceberg.rest.RESTCatalogAdapter;
import org.apache.iceberg.rest.RESTCatalogServlet;
import org.apache.iceberg.rest.RESTResponse;
import org.apache.iceberg.rest.responses.ConfigResponse;
import org.apache.iceberg.rest.responses.ConfigResponseParser;
import org.apache.iceberg.rest.responses.ErrorResponse;
import org.apache.iceberg.rest.responses.ErrorResponseParser;
import org.apache.iceberg.rest.responses.LoadTableResponse;
import org.eclipse.jetty.compression.gzip.GzipCompression;
import org.eclipse.jetty.compression.server.CompressionHandler;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.slf4j.ILoggerFactory;
import org.slf4j.IMarkerFactory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.Marker;
import org.slf4j.event.Level;
import org.slf4j.helpers.BasicMDCAdapter;
import org.slf4j.helpers.BasicMarkerFactory;
import org.slf4j.helpers.LegacyAbstractLogger;
import org.slf4j.helpers.MessageFormatter;
import org.slf4j.spi.MDCAdapter;
import org.slf4j.spi.SLF4JServiceProvider;

public final class NessieRole {
  static final String CONFIG_FILE = "config/application.properties";

  public static void main(String[] args) throws Exception {
    boolean printOnly = List.of(args).contains("--print-mapping");
    Path file = Path.of("").toAbsolutePath().resolve(CONFIG_FILE);
    QuarkusConfig config = QuarkusConfig.load(file, System.getenv());
    Logs.configure(config); // before any logger exists: Jetty, Iceberg and Hadoop log through it
    Logger log = LoggerFactory.getLogger(NessieRole.class);
    log.info(
        "Nessie's role on the process node: Apache Iceberg's REST catalog server over a JdbcCatalog,"
            + " configured from {} ({}) and the environment, profile {}",
        CONFIG_FILE,
        config.fileFound ? file : "not found: Nessie's built-in defaults only",
        config.profile);

    Settings settings = Settings.map(config);
    settings.report.forEach(log::info);
    config.unread().forEach(what -> log.info("ignored {}: the stand-in has no equivalent", what));
    if (!settings.errors.isEmpty()) {
      settings.errors.forEach(e -> log.error("cannot start: {}", e));
      Logs.flush();
      System.exit(1);
    }
    if (printOnly) {
      System.out.println("# JdbcCatalog properties (secrets redacted)");
      settings.catalogProperties().forEach(
          (k, v) -> System.out.println(k + "=" + (Settings.SECRET_PROPERTIES.contains(k) ? "<redacted>" : v)));
      System.out.println("# LoadTableResponse config added for clients");
      settings.tableConfig.forEach((k, v) -> System.out.println(k + "=" + v));
      return;
    }
    Service service = new Service(settings);
    try {
      service.run();
    } catch (Exception e) {
      log.error("stopped: {}", rootMessage(e), e);
      service.stop();
      Runtime.getRuntime().halt(1);
    }
  }

  // ------------------------------------------------------------------------------------------
  // Quarkus configuration: ./config/application.properties (ordinal 260), the environment (300),
  // system properties (400) and the defaults in Nessie's own application.properties (250, those
  // that matter here). A key is looked up with the active profile's %<profile>.key first; the
  // environment is matched by the exact name, by the name with every non-alphanumeric character
  // as '_', and by that in upper case (SmallRye's rules: QUARKUS_DATASOURCE_POSTGRESQL_USERNAME
  // is quarkus.datasource.postgresql.username). ${key} and ${key:default} expand.
  // ------------------------------------------------------------------------------------------
  static final class QuarkusConfig {
    // From Nessie 0.104.3's servers/quarkus-server/src/main/resources/application.properties.
    static final Map<String, String> NESSIE_DEFAULTS =
        Map.ofEntries(
            Map.entry("nessie.server.default-branch", "main"),
            Map.entry("nessie.version.store.type", "IN_MEMORY"),
            Map.entry("quarkus.datasource.db-kind", "postgresql"),
            Map.entry("quarkus.datasource.postgresql.db-kind", "postgresql"),
            Map.entry("quarkus.datasource.mariadb.db-kind", "mariadb"),
            Map.entry("quarkus.datasource.mysql.db-kind", "mariadb"),
            Map.entry("quarkus.datasource.h2.db-kind", "h2"),
            Map.entry("quarkus.log.level", "INFO"),
            Map.entry("quarkus.log.console.level", "INFO"),
            Map.entry("quarkus.log.console.json", "false"),
            Map.entry("quarkus.log.category.\"io.netty\".level", "WARN"),
            Map.entry("quarkus.http.port", "19120"),
            Map.entry("quarkus.http.access-log.enabled", "true"),
            Map.entry("quarkus.http.enable-compression", "true"),
            Map.entry("quarkus.management.enabled", "true"),
            Map.entry("quarkus.management.port", "9000"),
            Map.entry("nessie.metrics.tags.application", "Nessie"));
    private static final Pattern EXPRESSION = Pattern.compile("\\$\\{([^{}:]+)(?::([^{}]*))?}");

    final Map<String, String> file = new LinkedHashMap<>();
    final Map<String, String> env;
    final boolean fileFound;
    final String profile;
    /** File keys and environment names a lookup has used. */
    private final Set<String> read = ConcurrentHashMap.newKeySet();

    private QuarkusConfig(Map<String, String> file, Map<String, String> env, boolean fileFound) {
      this.file.putAll(file);
      this.env = env;
      this.fileFound = fileFound;
      this.profile = lookup("quarkus.profile", false).map(v -> v.value).orElse("prod");
    }

    static QuarkusConfig load(Path path, Map<String, String> env) throws IOException {
      Map<String, String> file = new LinkedHashMap<>();
      boolean found = Files.isRegularFile(path);
      if (found) {
        Properties p = new Properties();
        try (Reader r = Files.newBufferedReader(path, StandardCharsets.UTF_8)) {
          p.load(r);
        }
        new TreeSet<>(p.stringPropertyNames()).forEach(k -> file.put(k, p.getProperty(k)));
      }
      return new QuarkusConfig(file, env, found);
    }

    /** A value and where it came from (for the log; never the value of a secret). */
    static final class Value {
      final String value;
      final String source;

      Value(String value, String source) {
        this.value = value;
        this.source = source;
      }
    }

    Optional<Value> get(String key) {
      return lookup(key, true);
    }

    String getOr(String key, String fallback) {
      return get(key).map(v -> v.value).orElse(fallback);
    }

    private Optional<Value> lookup(String key, boolean profiled) {
      List<String> names = new ArrayList<>();
      if (profiled) names.add("%" + profile + "." + key);
      names.add(key);
      for (String name : names) {
        String sys = System.getProperty(name);
        if (sys != null) return Optional.of(new Value(expand(sys, 0), "system property " + name));
        for (String e : envNames(name)) {
          if (env.containsKey(e)) {
            read.add("env " + e);
            return Optional.of(new Value(expand(env.get(e), 0), "env " + e));
          }
        }
        if (file.containsKey(name)) {
          read.add("file " + name);
          return Optional.of(new Value(expand(file.get(name), 0), CONFIG_FILE + " " + name));
        }
      }
      String builtin = NESSIE_DEFAULTS.get(key);
      return builtin == null ? Optional.empty() : Optional.of(new Value(builtin, "Nessie's default"));
    }

    static List<String> envNames(String name) {
      String sanitized = name.replaceAll("[^A-Za-z0-9]", "_");
      LinkedHashSet<String> out = new LinkedHashSet<>();
      out.add(name);
      out.add(sanitized);
      out.add(sanitized.toUpperCase(Locale.ROOT));
      return new ArrayList<>(out);
    }

    private String expand(String value, int depth) {
      if (depth > 10 || value == null || !value.contains("${")) return value;
      Matcher m = EXPRESSION.matcher(value);
      StringBuilder out = new StringBuilder();
      while (m.find()) {
        String replacement =
            lookup(m.group(1), true).map(v -> v.value).orElse(m.group(2) != null ? m.group(2) : "");
        m.appendReplacement(out, Matcher.quoteReplacement(expand(replacement, depth + 1)));
      }
      m.appendTail(out);
      return out.toString();
    }

    /** Keys of the file, and Nessie/Quarkus-looking environment variables, nothing has read. */
    List<String> unread() {
      List<String> out = new ArrayList<>();
      file.keySet().stream()
          .filter(k -> !read.contains("file " + k) && !k.equals("quarkus.profile"))
          .forEach(k -> out.add(CONFIG_FILE + " " + k));
      new TreeSet<>(env.keySet())
          .stream()
              .filter(e -> !read.contains("env " + e))
              .filter(
                  e ->
                      e.startsWith("QUARKUS_")
                          || e.startsWith("NESSIE_")
                          || e.startsWith("quarkus.")
                          || e.startsWith("nessie.")
                          || e.matches("_[A-Z0-9]+_[A-Z0-9_]+"))
              .filter(e -> !e.equals("QUARKUS_PROFILE"))
              .forEach(e -> out.add("environment variable " + e));
      return out;
    }

    /** Every key, from the file, the environment (dotted names) and Nessie's defaults. */
    Set<String> keysWithPrefix(String prefix) {
      Set<String> out = new TreeSet<>();
      for (String k : file.keySet()) {
        String plain = k.startsWith("%" + profile + ".") ? k.substring(profile.length() + 2) : k;
        if (plain.startsWith(prefix)) out.add(plain);
      }
      for (String k : env.keySet()) if (k.startsWith(prefix)) out.add(k);
      for (String k : NESSIE_DEFAULTS.keySet()) if (k.startsWith(prefix)) out.add(k);
      return out;
    }
  }

  // ------------------------------------------------------------------------------------------
  // The mapping: Nessie's settings onto the JdbcCatalog, S3FileIO and the two HTTP servers.
  // ------------------------------------------------------------------------------------------
  static final class Settings {
    static final Set<String> SECRET_PROPERTIES =
        Set.of("jdbc.password", "s3.access-key-id", "s3.secret-access-key");
    static final String SECRET_URN = "urn:nessie-secret:";

    final List<String> report = new ArrayList<>();
    final List<String> errors = new ArrayList<>();
    final Map<String, String> catalog = new LinkedHashMap<>();
    final Map<String, String> tableConfig = new LinkedHashMap<>();
    final Map<String, String> metricTags = new TreeMap<>();
    String catalogName;
    String defaultBranch;
    String warehouseName;
    String warehouseLocation;
    String httpHost = "0.0.0.0";
    int httpPort;
    String managementHost = "0.0.0.0";
    int managementPort;
    boolean managementEnabled;
    boolean accessLog;
    boolean compression;

    private final QuarkusConfig config;

    private Settings(QuarkusConfig config) {
      this.config = config;
    }

    Map<String, String> catalogProperties() {
      return catalog;
    }

    static Settings map(QuarkusConfig config) {
      Settings s = new Settings(config);
      s.versionStore();
      s.warehouse();
      s.objectStore();
      s.servers();
      s.observability();
      return s;
    }

    private Optional<String> value(String key) {
      return config.get(key).map(v -> v.value).filter(v -> !v.isBlank());
    }

    private String required(String key, String why) {
      Optional<String> v = value(key);
      if (v.isEmpty()) {
        errors.add(
            "required setting "
                + key
                + " is not set ("
                + CONFIG_FILE
                + " or env "
                + QuarkusConfig.envNames(key).get(QuarkusConfig.envNames(key).size() - 1)
                + "): "
                + why);
        return null;
      }
      return v.get();
    }

    private String source(String key) {
      return config.get(key).map(v -> v.source).orElse("unset: Quarkus's default");
    }

    private void mapped(String from, String to, String value, boolean secret) {
      report.add(
          "mapped "
              + from
              + " ("
              + source(from)
              + ") -> "
              + to
              + (secret ? " (secret, value not logged)" : " = " + value));
    }

    private void fixed(String what) {
      report.add("stand-in: " + what);
    }

    private void versionStore() {
      String type = value("nessie.version.store.type").orElse("IN_MEMORY");
      if (!type.equals("JDBC2") && !type.equals("JDBC")) {
        errors.add(
            "nessie.version.store.type is "
                + type
                + " ("
                + source("nessie.version.store.type")
                + "): the stand-in keeps the catalog only in a JDBC (PostgreSQL) version store,"
                + " so it takes JDBC2 or JDBC");
        return;
      }
      report.add(
          "read nessie.version.store.type = "
              + type
              + " ("
              + source("nessie.version.store.type")
              + "): the catalog lives in the datasource below, in JdbcCatalog's tables, not Nessie's");

      // The datasource Nessie uses: named by nessie.version.store.persist.jdbc.datasource, else
      // Quarkus's unnamed one (quarkus.datasource.*). Names may be quoted.
      Optional<String> named = value("nessie.version.store.persist.jdbc.datasource");
      String name = named.map(n -> n.replaceAll("^\"|\"$", "")).orElse(null);
      String base = name == null ? "quarkus.datasource." : "quarkus.datasource." + name + ".";
      String quoted = name == null ? base : "quarkus.datasource.\"" + name + "\".";
      report.add(
          "read nessie.version.store.persist.jdbc.datasource = "
              + (name == null ? "(unset: the default datasource)" : name)
              + " -> datasource keys "
              + base
              + "*");
      java.util.function.Function<String, String> key =
          suffix -> config.get(quoted + suffix).isPresent() ? quoted + suffix : base + suffix;

      String kind = value(key.apply("db-kind")).orElse("postgresql");
      if (!kind.equals("postgresql")) {
        errors.add(
            key.apply("db-kind")
                + " is "
                + kind
                + ": the stand-in has only the PostgreSQL JDBC driver (and the platform gives Nessie PostgreSQL)");
      }
      String urlKey = key.apply("jdbc.url");
      String url = required(urlKey, "the JDBC URL of Nessie's database");
      if (url != null) {
        if (!url.startsWith("jdbc:postgresql:")) {
          errors.add(urlKey + " = " + url + " is not a jdbc:postgresql: URL");
        }
        catalog.put(CatalogProperties.URI, url);
        mapped(urlKey, CatalogProperties.URI, url, false);
      }
      String userKey = key.apply("username");
      Optional<String> user = value(userKey);
      if (user.isPresent()) {
        catalog.put(JdbcCatalog.PROPERTY_PREFIX + "user", user.get());
        mapped(userKey, "jdbc.user", user.get(), false);
      } else {
        report.add("not set: " + userKey + " (the driver connects without a user name, as Quarkus would)");
      }
      String passwordKey = key.apply("password");
      Optional<String> password = value(passwordKey);
      if (password.isPresent()) {
        catalog.put(JdbcCatalog.PROPERTY_PREFIX + "password", password.get());
        mapped(passwordKey, "jdbc.password", null, true);
      } else {
        report.add("not set: " + passwordKey + " (the driver connects without a password)");
      }
      // Extra driver properties: JdbcCatalog hands every jdbc.* property to the driver.
      for (String prefix : List.of(base, quoted)) {
        String p = prefix + "jdbc.additional-jdbc-properties.";
        for (String k : config.keysWithPrefix(p)) {
          String prop = k.substring(p.length());
          if (prop.equals("user") || prop.equals("password") || prop.isEmpty()) continue;
          value(k).ifPresent(v -> {
            catalog.put(JdbcCatalog.PROPERTY_PREFIX + prop, v);
            mapped(k, "jdbc." + prop, v, false);
          });
        }
      }

      // The branch: Nessie keeps tables on its default branch; the JdbcCatalog's catalog_name.
      defaultBranch = value("nessie.server.default-branch").orElse("main");
      catalogName = defaultBranch;
      mapped("nessie.server.default-branch", "the JdbcCatalog's name (its catalog_name column) and the only reference served", defaultBranch, false);

      catalog.put(CatalogProperties.CATALOG_IMPL, JdbcCatalog.class.getName());
      fixed("catalog-impl = " + JdbcCatalog.class.getName());
      catalog.put("jdbc.schema-version", "V1");
      fixed("jdbc.schema-version = V1 (JdbcCatalog's schema with views)");
      catalog.put("jdbc.strict-mode", "true");
      fixed("jdbc.strict-mode = true (a table or view needs its namespace to exist, as in Nessie)");
    }

    private void warehouse() {
      warehouseName = required("nessie.catalog.default-warehouse", "the warehouse the Iceberg REST API serves");
      if (warehouseName == null) return;
      String locationKey = "nessie.catalog.warehouses." + warehouseName + ".location";
      warehouseLocation = required(locationKey, "the default warehouse's location");
      if (warehouseLocation == null) return;
      catalog.put(CatalogProperties.WAREHOUSE_LOCATION, warehouseLocation);
      mapped(locationKey, CatalogProperties.WAREHOUSE_LOCATION, warehouseLocation, false);
      report.add("read nessie.catalog.default-warehouse = " + warehouseName + " (" + source("nessie.catalog.default-warehouse") + "): the one warehouse served; config requests name it or its location");
      for (String k : config.keysWithPrefix("nessie.catalog.warehouses.")) {
        if (!k.startsWith("nessie.catalog.warehouses." + warehouseName + ".location")) {
          value(k); // marks it read; reported below
          report.add("ignored " + k + ": the stand-in serves only the default warehouse's location");
        }
      }
    }

    private void objectStore() {
      if (warehouseLocation == null) return;
      String scheme = warehouseLocation.replaceAll("^([A-Za-z0-9+.-]+):.*$", "$1").toLowerCase(Locale.ROOT);
      if (!List.of("s3", "s3a", "s3n").contains(scheme) || !warehouseLocation.contains("://")) {
        errors.add(
            "the default warehouse's location "
                + warehouseLocation
                + " is not an s3:// location: the stand-in emulates Nessie's S3 object store only");
        return;
      }
      catalog.put(CatalogProperties.FILE_IO_IMPL, "org.apache.iceberg.aws.s3.S3FileIO");
      fixed("io-impl = org.apache.iceberg.aws.s3.S3FileIO (the warehouse is " + scheme + "://)");
      String o = "nessie.catalog.service.s3.default-options.";

      Optional<String> endpoint = value(o + "endpoint");
      endpoint.ifPresent(v -> {
        catalog.put("s3.endpoint", v);
        mapped(o + "endpoint", "s3.endpoint", v, false);
      });
      Optional<String> external = value(o + "external-endpoint");
      external.ifPresent(v -> mapped(o + "external-endpoint", "s3.endpoint in table configs sent to clients", v, false));
      external.or(() -> endpoint).ifPresent(v -> tableConfig.put("s3.endpoint", v));

      value(o + "region").ifPresent(v -> {
        catalog.put("client.region", v);
        tableConfig.put("client.region", v);
        mapped(o + "region", "client.region", v, false);
      });
      if (value(o + "region").isEmpty()) report.add("not set: " + o + "region (the AWS SDK's own region chain applies)");

      value(o + "path-style-access").ifPresent(v -> {
        catalog.put("s3.path-style-access", v);
        tableConfig.put("s3.path-style-access", v);
        mapped(o + "path-style-access", "s3.path-style-access", v, false);
      });

      String authType = value(o + "auth-type").orElse("STATIC");
      if (authType.equals("APPLICATION_GLOBAL")) {
        mapped(o + "auth-type", "no keys: S3FileIO's default AWS credentials chain", authType, false);
      } else if (!authType.equals("STATIC")) {
        errors.add(o + "auth-type = " + authType + " is not emulated (STATIC and APPLICATION_GLOBAL are)");
      } else {
        String urn = required(o + "access-key", "the S3 key pair (a " + SECRET_URN + "quarkus:<name> URN)");
        if (urn != null) basicCredentials(o + "access-key", urn);
      }

      tableConfig.put("io-impl", "org.apache.iceberg.aws.s3.S3FileIO");
      tableConfig.put("py-io-impl", "pyiceberg.io.fsspec.FsspecFileIO");
      tableConfig.put("s3.remote-signing-enabled", "false");
      fixed("table configs sent to clients: io-impl, py-io-impl, client.region, s3.endpoint, s3.path-style-access as Nessie sends them; s3.remote-signing-enabled = false (no request signer here)");

      for (String k : config.keysWithPrefix("nessie.catalog.service.s3.")) {
        if (k.startsWith(o) && List.of("endpoint", "external-endpoint", "region", "path-style-access", "auth-type", "access-key").contains(k.substring(o.length()))) continue;
        value(k);
        report.add("ignored " + k + ": not emulated (default-options endpoint, region, path-style-access and access-key are)");
      }
    }

    /** Nessie's secrets indirection: urn:nessie-secret:quarkus:<name> = <name>.name / <name>.secret. */
    private void basicCredentials(String key, String urn) {
      if (!urn.startsWith(SECRET_URN)) {
        errors.add(key + " is not a " + SECRET_URN + "<provider>:<name> URN (Nessie takes no literal key here)");
        return;
      }
      String rest = urn.substring(SECRET_URN.length());
      int colon = rest.indexOf(':');
      String provider = colon < 0 ? rest : rest.substring(0, colon);
      String name = colon < 0 ? "" : rest.substring(colon + 1);
      if (!provider.equals("quarkus") || name.isEmpty()) {
        errors.add(key + " = " + urn + ": only the 'quarkus' secrets provider (configuration and environment) is emulated");
        return;
      }
      String id = null;
      String secret = null;
      String idFrom = name + ".name";
      String secretFrom = name + ".secret";
      Optional<QuarkusConfig.Value> single = config.get(name);
      if (single.isPresent() && single.get().value.trim().startsWith("{")) {
        // A JSON object {"name": ..., "secret": ...} under the name itself.
        Map<String, String> json = parseFlatJson(single.get().value);
        id = json.get("name");
        secret = json.get("secret");
        idFrom = secretFrom = name + " (JSON, " + single.get().source + ")";
      } else {
        id = value(name + ".name").orElse(null);
        secret = value(name + ".secret").orElse(null);
        if (id != null) idFrom = name + ".name (" + source(name + ".name") + ")";
        if (secret != null) secretFrom = name + ".secret (" + source(name + ".secret") + ")";
      }
      if (id == null) errors.add("secret " + urn + " (" + key + "): " + name + ".name, the access key id, is not set");
      if (secret == null) errors.add("secret " + urn + " (" + key + "): " + name + ".secret, the secret access key, is not set");
      if (id == null || secret == null) return;
      catalog.put("s3.access-key-id", id);
      catalog.put("s3.secret-access-key", secret);
      report.add("mapped " + key + " = " + urn + " -> s3.access-key-id from " + idFrom + " (secret, value not logged)");
      report.add("mapped " + key + " = " + urn + " -> s3.secret-access-key from " + secretFrom + " (secret, value not logged)");
    }

    private void servers() {
      httpPort = port("quarkus.http.port");
      httpHost = value("quarkus.http.host").orElse("0.0.0.0");
      mapped("quarkus.http.host", "the Iceberg REST server's address", httpHost, false);
      managementEnabled = Boolean.parseBoolean(value("quarkus.management.enabled").orElse("false"));
      mapped("quarkus.management.enabled", "management endpoints on their own port", String.valueOf(managementEnabled), false);
      if (managementEnabled) {
        managementPort = port("quarkus.management.port");
        managementHost = value("quarkus.management.host").orElse("0.0.0.0");
        mapped("quarkus.management.host", "the management server's address", managementHost, false);
      }
      accessLog = Boolean.parseBoolean(value("quarkus.http.access-log.enabled").orElse("false"));
      mapped("quarkus.http.access-log.enabled", "an access log line per REST request (category io.quarkus.http.access-log)", String.valueOf(accessLog), false);
      compression = Boolean.parseBoolean(value("quarkus.http.enable-compression").orElse("false"));
      mapped("quarkus.http.enable-compression", "gzip responses", String.valueOf(compression), false);
    }

    private int port(String key) {
      String v = value(key).orElse(null);
      try {
        int p = Integer.parseInt(v);
        if (p < 0 || p > 65535) throw new NumberFormatException();
        mapped(key, "listening port", v, false);
        return p;
      } catch (NumberFormatException | NullPointerException e) {
        errors.add(key + " = " + v + " is not a port number");
        return -1;
      }
    }

    private void observability() {
      mapped("quarkus.log.console.json", "log format (JSON lines when true)", value("quarkus.log.console.json").orElse("false"), false);
      mapped("quarkus.log.level", "root log level", value("quarkus.log.level").orElse("INFO"), false);
      mapped("quarkus.log.console.level", "console log level", value("quarkus.log.console.level").orElse("INFO"), false);
      for (String k : config.keysWithPrefix("quarkus.log.category.")) {
        if (Logs.categoryOf(k) != null) value(k).ifPresent(v -> mapped(k, "log level of " + Logs.categoryOf(k), v, false));
      }
      for (String k : config.keysWithPrefix("nessie.metrics.tags.")) {
        String tag = k.substring("nessie.metrics.tags.".length());
        value(k).ifPresent(v -> {
          metricTags.put(tag, v);
          mapped(k, "label " + tag + " on every metric", v, false);
        });
      }
    }

    static Map<String, String> parseFlatJson(String json) {
      Map<String, String> out = new LinkedHashMap<>();
      Matcher m = Pattern.compile("\"((?:[^\"\\\\]|\\\\.)*)\"\\s*:\\s*\"((?:[^\"\\\\]|\\\\.)*)\"").matcher(json);
      while (m.find()) out.put(unescape(m.group(1)), unescape(m.group(2)));
      return out;
    }

    private static String unescape(String s) {
      return s.replace("\\\"", "\"").replace("\\/", "/").replace("\\\\", "\\");
    }
  }

  // ------------------------------------------------------------------------------------------
  // The service: the catalog (retried until PostgreSQL answers), the REST server once it has, and
  // the management server from the start.
  // ------------------------------------------------------------------------------------------
  static final class Service {
    private static final Logger LOG = LoggerFactory.getLogger(NessieRole.class);
    private static final Duration READY_TIMEOUT = Duration.ofMillis(900); // under a probe's 1 s default

    final Settings settings;
    final Metrics metrics;
    final long startMillis = System.currentTimeMillis();
    volatile Catalog catalog;
    volatile boolean started;
    volatile String lastInitError = "starting";
    volatile boolean lastReady;
    private volatile boolean stopping;
    private Server app;
    private Server management;
    private final ExecutorService checks =
        Executors.newSingleThreadExecutor(r -> {
          Thread t = new Thread(r, "readiness-check");
          t.setDaemon(true);
          return t;
        });
    private Future<?> inflight;

    Service(Settings settings) {
      this.settings = settings;
      this.metrics = new Metrics(settings.metricTags, this);
    }

    void run() throws Exception {
      Runtime.getRuntime().addShutdownHook(new Thread(this::stop, "shutdown"));
      ServletContextHandler mgmtContext = new ServletContextHandler(ServletContextHandler.NO_SESSIONS);
      mgmtContext.addServlet(new ServletHolder(new ManagementServlet(this)), "/q/*");
      if (settings.managementEnabled) {
        management = server(settings.managementHost, settings.managementPort, mgmtContext);
        management.start();
        LOG.info("management endpoints on http://{}:{}/q/ (health, metrics)", settings.managementHost, settings.managementPort);
      }

      int attempt = 0;
      while (!stopping) {
        attempt++;
        // What CatalogUtil.buildIcebergCatalog does for catalog-impl JdbcCatalog, keeping hold of
        // the FileIO and connection pool so that a failed attempt leaks neither.
        List<AutoCloseable> opened = new ArrayList<>();
        try {
          Map<String, String> props = new LinkedHashMap<>(settings.catalogProperties());
          Configuration conf = new Configuration();
          JdbcCatalog jdbc =
              new JdbcCatalog(
                  p -> {
                    FileIO io = CatalogUtil.loadFileIO(p.get(CatalogProperties.FILE_IO_IMPL), p, conf);
                    opened.add(io);
                    return io;
                  },
                  p -> {
                    JdbcClientPool pool = new JdbcClientPool(p.get(CatalogProperties.URI), p);
                    opened.add(pool);
                    return pool;
                  },
                  true);
          jdbc.setConf(conf);
          jdbc.initialize(settings.catalogName, props);
          catalog = jdbc;
          break;
        } catch (RuntimeException e) {
          for (AutoCloseable c : opened) {
            try {
              c.close();
            } catch (Exception ignored) {
              // best effort
            }
          }
          lastInitError = rootMessage(e);
          LOG.warn("catalog not initialized (attempt {}): {}; retrying in 5 s", attempt, lastInitError);
          Thread.sleep(5000);
        }
      }
      if (stopping) return;
      LOG.info("JdbcCatalog '{}' initialized on {} (warehouse {})", settings.catalogName, settings.catalog.get(CatalogProperties.URI), settings.warehouseLocation);

      RESTCatalogAdapter adapter = new NessieAdapter(catalog, settings.tableConfig);
      ServletContextHandler context = new ServletContextHandler(ServletContextHandler.NO_SESSIONS);
      context.addServlet(new ServletHolder(new IcebergServlet(new RESTCatalogServlet(adapter), this)), "/*");
      if (!settings.managementEnabled) context.addServlet(new ServletHolder(new ManagementServlet(this)), "/q/*");
      if (settings.compression) {
        CompressionHandler compression = new CompressionHandler();
        compression.putCompression(new GzipCompression());
        context.insertHandler(compression);
      }
      app = server(settings.httpHost, settings.httpPort, context);
      app.start();
      started = true;
      LOG.info("Iceberg REST API on http://{}:{}/iceberg (warehouse '{}', branch '{}')", settings.httpHost, settings.httpPort, settings.warehouseName, settings.defaultBranch);
      app.join();
    }

    private static Server server(String host, int port, ServletContextHandler handler) {
      Server server = new Server();
      ServerConnector connector = new ServerConnector(server);
      connector.setHost(host);
      connector.setPort(port);
      server.addConnector(connector);
      server.setHandler(handler);
      return server;
    }

    /** The catalog answers: listNamespaces within READY_TIMEOUT. */
    synchronized Optional<String> notReady() {
      if (!started) return Optional.of("catalog not initialized: " + lastInitError);
      if (inflight == null || inflight.isDone()) {
        Catalog c = catalog;
        inflight = checks.submit(() -> ((SupportsNamespaces) c).listNamespaces());
      }
      try {
        inflight.get(READY_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        lastReady = true;
        return Optional.empty();
      } catch (TimeoutException e) {
        lastReady = false;
        return Optional.of("listNamespaces did not answer within " + READY_TIMEOUT.toMillis() + " ms");
      } catch (ExecutionException e) {
        lastReady = false;
        return Optional.of("listNamespaces failed: " + rootMessage(e.getCause()));
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return Optional.of("interrupted");
      }
    }

    void stop() {
      stopping = true;
      LOG.info("stopping");
      for (Server s : new Server[] {app, management}) {
        try {
          if (s != null) s.stop();
        } catch (Exception e) {
          LOG.warn("stopping a server: {}", e.toString());
        }
      }
      if (catalog instanceof AutoCloseable) {
        try {
          ((AutoCloseable) catalog).close();
        } catch (Exception e) {
          LOG.warn("closing the catalog: {}", e.toString());
        }
      }
      checks.shutdownNow();
      Logs.flush();
    }
  }

  static String rootMessage(Throwable e) {
    Throwable t = e;
    while (t.getCause() != null && t.getCause() != t) t = t.getCause();
    String m = t == e ? String.valueOf(e.getMessage()) : e.getMessage() + " (" + t.getClass().getSimpleName() + ": " + t.getMessage() + ")";
    return m.replaceAll("\\s+", " ");
  }

  /**
   * The reference adapter, with Nessie's table config added to LoadTableResponses and an error
   * that was already sent to the client not logged again as a server failure.
   */
  static final class NessieAdapter extends RESTCatalogAdapter {
    private static final Logger LOG = LoggerFactory.getLogger(NessieAdapter.class);
    private final Map<String, String> tableConfig;

    NessieAdapter(Catalog catalog, Map<String, String> tableConfig) {
      super(catalog);
      this.tableConfig = tableConfig;
    }

    @Override
    protected <T extends RESTResponse> T execute(
        HTTPRequest request,
        Class<T> responseType,
        Consumer<ErrorResponse> errorHandler,
        Consumer<Map<String, String>> responseHeaders) {
      ErrorResponse[] sent = new ErrorResponse[1];
      // Sent without the server's stack trace (the adapter attaches one; Nessie does not).
      Consumer<ErrorResponse> recording = e -> {
        sent[0] = e;
        errorHandler.accept(ErrorResponse.builder().responseCode(e.code()).withType(e.type()).withMessage(e.message()).build());
      };
      T response;
      try {
        response = super.execute(request, responseType, recording, responseHeaders);
      } catch (RESTException e) {
        if (sent[0] == null) throw e;
        // The servlet's error handler has written the error and completed the response.
        ErrorResponse err = sent[0];
        if (err.code() >= 500) LOG.warn("{} {} -> {} {}: {}", request.method(), request.path(), err.code(), err.type(), err.message());
        else LOG.debug("{} {} -> {} {}: {}", request.method(), request.path(), err.code(), err.type(), err.message());
        return null;
      }
      if (response instanceof LoadTableResponse) {
        LoadTableResponse load = (LoadTableResponse) response;
        String location = load.tableMetadata() == null ? null : load.tableMetadata().location();
        if (location != null && location.matches("^s3[an]?://.*")) {
          try {
            tableConfig.forEach(load.config()::putIfAbsent);
          } catch (UnsupportedOperationException ignored) {
            // an immutable config: left as the adapter made it
          }
        }
      }
      return response;
    }
  }

  // ------------------------------------------------------------------------------------------
  // /iceberg: Nessie's path layout in front of the reference servlet, which routes on the full
  // request URI (getRequestURI().substring(1)), so /iceberg and a Nessie prefix are cut off here.
  // ------------------------------------------------------------------------------------------
  static final class IcebergServlet extends HttpServlet {
    private static final Logger LOG = LoggerFactory.getLogger(IcebergServlet.class);
    private static final Logger ACCESS = LoggerFactory.getLogger("io.quarkus.http.access-log");
    private static final Set<String> V1_ROOTS = Set.of("config", "oauth", "namespaces", "tables", "transactions", "views");
    private static final DateTimeFormatter CLF = DateTimeFormatter.ofPattern("dd/MMM/yyyy:HH:mm:ss Z", Locale.ROOT);
    // What Nessie 0.104.3 advertises (IcebergApiV1GenericResource.ENDPOINTS).
    static final List<Endpoint> ENDPOINTS =
        List.of(
            Endpoint.V1_LIST_NAMESPACES, Endpoint.V1_LOAD_NAMESPACE, Endpoint.V1_NAMESPACE_EXISTS,
            Endpoint.V1_CREATE_NAMESPACE, Endpoint.V1_UPDATE_NAMESPACE, Endpoint.V1_DELETE_NAMESPACE,
            Endpoint.V1_COMMIT_TRANSACTION, Endpoint.V1_LIST_TABLES, Endpoint.V1_LOAD_TABLE,
            Endpoint.V1_TABLE_EXISTS, Endpoint.V1_CREATE_TABLE, Endpoint.V1_UPDATE_TABLE,
            Endpoint.V1_DELETE_TABLE, Endpoint.V1_RENAME_TABLE, Endpoint.V1_REGISTER_TABLE,
            Endpoint.V1_REPORT_METRICS, Endpoint.V1_LIST_VIEWS, Endpoint.V1_LOAD_VIEW,
            Endpoint.V1_VIEW_EXISTS, Endpoint.V1_CREATE_VIEW, Endpoint.V1_UPDATE_VIEW,
            Endpoint.V1_DELETE_VIEW, Endpoint.V1_RENAME_VIEW);

    private final RESTCatalogServlet rest;
    private final Service service;
    private final Settings settings;

    IcebergServlet(RESTCatalogServlet rest, Service service) {
      this.rest = rest;
      this.service = service;
      this.settings = service.settings;
    }

    @Override
    public void init(ServletConfig config) throws ServletException {
      super.init(config);
      rest.init(config);
    }

    /** What a request resolves to: an error to send, or the path the reference servlet routes. */
    static final class Resolved {
      String path; // without the leading slash, e.g. v1/namespaces/db
      String template; // for metrics, e.g. /iceberg/v1/{prefix}/namespaces/{namespace}
      int errorCode;
      String errorType;
      String errorMessage;
      boolean config;
      String configWarehouse;
      String configRef;
    }

    @Override
    protected void service(HttpServletRequest req, HttpServletResponse resp) throws ServletException, IOException {
      long start = System.nanoTime();
      Resolved r = resolve(req.getRequestURI(), req.getParameter("warehouse"));
      try {
        if (r.errorCode != 0) {
          error(resp, r.errorCode, r.errorType, r.errorMessage);
        } else if (r.config) {
          config(req, resp, r);
        } else {
          String path = "/" + r.path;
          rest.service(
              new HttpServletRequestWrapper(req) {
                @Override
                public String getRequestURI() {
                  return path;
                }
              },
              resp);
        }
      } finally {
        int status = resp.getStatus();
        double seconds = (System.nanoTime() - start) / 1e9;
        service.metrics.request(req.getMethod(), status, r.template, seconds);
        if (settings.accessLog) {
          String q = req.getQueryString();
          ACCESS.info(
              "{} - - [{}] \"{} {}{} {}\" {} -",
              req.getRemoteAddr(),
              CLF.format(ZonedDateTime.now()),
              req.getMethod(),
              req.getRequestURI(),
              q == null ? "" : "?" + q,
              req.getProtocol(),
              status);
        }
      }
    }

    Resolved resolve(String uri, String warehouseParam) {
      Resolved r = new Resolved();
      r.template = "NOT_FOUND";
      if (!uri.startsWith("/iceberg/")) {
        return fail(r, 404, "NotFoundException", "Not found: " + uri + " (the process node's Nessie stand-in serves only the Iceberg REST API under /iceberg)");
      }
      String[] segs = uri.substring("/iceberg/".length()).split("/", -1);
      // GET /iceberg/v1/config and /iceberg/<ref>/v1/config
      if (segs.length == 2 && segs[0].equals("v1") && segs[1].equals("config")) {
        r.config = true;
        r.configWarehouse = warehouseParam;
        r.template = "/iceberg/v1/config";
        return r;
      }
      if (segs.length == 3 && segs[1].equals("v1") && segs[2].equals("config")) {
        r.config = true;
        r.configRef = decode(segs[0]);
        r.configWarehouse = warehouseParam;
        r.template = "/iceberg/{reference}/v1/config";
        return r;
      }
      if (segs.length < 2 || !segs[0].equals("v1")) {
        return fail(r, 404, "NotFoundException", "Not found: " + uri);
      }
      if (segs[1].equals("oauth")) {
        r.template = "/iceberg/v1/oauth/tokens";
        return fail(r, 501, "NotImplementedException", "Nessie does not issue OAuth tokens: use an identity provider");
      }
      List<String> rest = new ArrayList<>(List.of(segs));
      StringBuilder template = new StringBuilder("/iceberg/v1");
      if (!V1_ROOTS.contains(segs[1])) {
        // A Nessie prefix: <ref>, or <ref>|<warehouse> (URL-encoded).
        String prefix = decode(segs[1]);
        int bar = prefix.indexOf('|');
        String ref = bar < 0 ? prefix : prefix.substring(0, bar);
        String warehouse = bar < 0 ? null : prefix.substring(bar + 1);
        Optional<Resolved> bad = checkRefAndWarehouse(r, ref, warehouse);
        if (bad.isPresent()) return bad.get();
        rest.remove(1);
        template.append("/{prefix}");
      }
      String previous = "v1";
      for (int i = 1; i < rest.size(); i++) {
        String s = rest.get(i);
        boolean variable =
            previous.equals("namespaces")
                || (previous.equals("tables") && !s.equals("rename"))
                || (previous.equals("views") && !s.equals("rename"))
                || previous.equals("plan");
        template
            .append('/')
            .append(
                variable
                    ? (previous.equals("namespaces") ? "{namespace}" : previous.equals("tables") ? "{table}" : previous.equals("views") ? "{view}" : "{plan-id}")
                    : s);
        previous = variable ? "{}" : s;
      }
      r.path = String.join("/", rest);
      r.template = template.toString();
      return r;
    }

    private Optional<Resolved> checkRefAndWarehouse(Resolved r, String ref, String warehouse) {
      if (ref != null && !ref.isEmpty() && !ref.equals(settings.defaultBranch)) {
        return Optional.of(
            fail(r, 400, "BadRequestException", "Nessie reference '" + ref + "': the process node's Nessie stand-in serves only the default branch '" + settings.defaultBranch + "'"));
      }
      if (warehouse != null && !warehouse.isEmpty() && !knownWarehouse(warehouse)) {
        // Nessie's CatalogConfig.getWarehouse, through its error mapper: HTTP 500.
        return Optional.of(fail(r, 500, "IllegalStateException", "Warehouse '" + warehouse + "' is not known"));
      }
      return Optional.empty();
    }

    boolean knownWarehouse(String w) {
      return w.equals(settings.warehouseName) || strip(w).equals(strip(settings.warehouseLocation));
    }

    private static String strip(String s) {
      return s.endsWith("/") ? s.substring(0, s.length() - 1) : s;
    }

    private static Resolved fail(Resolved r, int code, String type, String message) {
      r.errorCode = code;
      r.errorType = type;
      r.errorMessage = message;
      return r;
    }

    /** Nessie's config answer (IcebergConfigurer.icebergWarehouseConfig), less its nessie.* overrides. */
    private void config(HttpServletRequest req, HttpServletResponse resp, Resolved r) throws IOException {
      if (!req.getMethod().equals("GET")) {
        error(resp, 405, "MethodNotAllowedException", req.getMethod() + " not allowed");
        return;
      }
      Optional<Resolved> bad = checkRefAndWarehouse(r, r.configRef, r.configWarehouse);
      if (bad.isPresent()) {
        error(resp, r.errorCode, r.errorType, r.errorMessage);
        return;
      }
      String branch = r.configRef == null || r.configRef.isEmpty() ? settings.defaultBranch : r.configRef;
      boolean hasWarehouse = r.configWarehouse != null && !r.configWarehouse.isEmpty();
      // Nessie puts the warehouse parameter into the prefix as given; a location there would put
      // %2F into every path, which Jetty refuses (ambiguous separator), so its name stands in.
      String prefix = hasWarehouse ? branch + "|" + settings.warehouseName : branch;
      ConfigResponse config =
          ConfigResponse.builder()
              .withDefault("rest-metrics-reporting-enabled", "false")
              .withDefault(CatalogProperties.WAREHOUSE_LOCATION, settings.warehouseLocation)
              .withDefault("rest-page-size", "200")
              .withDefault("prefix", URLEncoder.encode(prefix, StandardCharsets.UTF_8))
              .withEndpoints(ENDPOINTS)
              .build();
      resp.setStatus(200);
      resp.setContentType("application/json");
      resp.getWriter().write(ConfigResponseParser.toJson(config));
    }

    static void error(HttpServletResponse resp, int code, String type, String message) throws IOException {
      resp.setStatus(code);
      resp.setContentType("application/json");
      resp.getWriter().write(ErrorResponseParser.toJson(ErrorResponse.builder().responseCode(code).withType(type).withMessage(message).build()));
    }

    private static String decode(String s) {
      try {
        return URLDecoder.decode(s, StandardCharsets.UTF_8);
      } catch (IllegalArgumentException e) {
        return s;
      }
    }
  }

  // ------------------------------------------------------------------------------------------
  // /q: SmallRye Health's answers and a Prometheus exposition.
  // ------------------------------------------------------------------------------------------
  static final class ManagementServlet extends HttpServlet {
    private final Service service;

    ManagementServlet(Service service) {
      this.service = service;
    }

    @Override
    protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws IOException {
      String path = req.getRequestURI();
      switch (path) {
        case "/q/health/live":
          health(resp, List.<String[]>of(check("nessie-role process", Optional.empty())));
          break;
        case "/q/health/started":
          health(resp, List.<String[]>of(check("nessie-role started", service.started ? Optional.empty() : Optional.of("catalog not initialized: " + service.lastInitError))));
          break;
        case "/q/health/ready":
          health(resp, List.<String[]>of(check("nessie-role catalog (JdbcCatalog listNamespaces)", service.notReady())));
          break;
        case "/q/health":
          health(
              resp,
              List.<String[]>of(
                  check("nessie-role process", Optional.empty()),
                  check("nessie-role started", service.started ? Optional.empty() : Optional.of("catalog not initialized")),
                  check("nessie-role catalog (JdbcCatalog listNamespaces)", service.notReady())));
          break;
        case "/q/metrics":
          resp.setStatus(200);
          resp.setContentType("text/plain; version=0.0.4; charset=utf-8");
          resp.getWriter().write(service.metrics.exposition());
          break;
        default:
          resp.setStatus(404);
          resp.setContentType("text/plain");
          resp.getWriter().write("Not found: " + path + "\n");
      }
    }

    private static String[] check(String name, Optional<String> problem) {
      return new String[] {name, problem.orElse(null)};
    }

    private static void health(HttpServletResponse resp, List<String[]> checks) throws IOException {
      boolean up = checks.stream().allMatch(c -> c[1] == null);
      StringBuilder json = new StringBuilder("{\"status\":\"").append(up ? "UP" : "DOWN").append("\",\"checks\":[");
      for (int i = 0; i < checks.size(); i++) {
        String[] c = checks.get(i);
        if (i > 0) json.append(',');
        json.append("{\"name\":").append(Logs.quote(c[0])).append(",\"status\":\"").append(c[1] == null ? "UP" : "DOWN").append('"');
        if (c[1] != null) json.append(",\"data\":{\"reason\":").append(Logs.quote(c[1])).append('}');
        json.append('}');
      }
      json.append("]}");
      resp.setStatus(up ? 200 : 503);
      resp.setContentType("application/json;charset=UTF-8");
      resp.getWriter().write(json.toString());
    }
  }

  static final class Metrics {
    private final Map<String, String> tags;
    private final Service service;
    private final Map<String, LongAdder> counts = new ConcurrentHashMap<>();
    private final Map<String, DoubleAdder> sums = new ConcurrentHashMap<>();

    Metrics(Map<String, String> tags, Service service) {
      this.tags = tags;
      this.service = service;
    }

    void request(String method, int status, String uri, double seconds) {
      String outcome =
          status < 200 ? "INFORMATIONAL" : status < 300 ? "SUCCESS" : status < 400 ? "REDIRECTION" : status < 500 ? "CLIENT_ERROR" : "SERVER_ERROR";
      String labels = labels("method", method, "outcome", outcome, "status", String.valueOf(status), "uri", uri);
      counts.computeIfAbsent(labels, k -> new LongAdder()).increment();
      sums.computeIfAbsent(labels, k -> new DoubleAdder()).add(seconds);
    }

    String labels(String... kv) {
      Map<String, String> all = new TreeMap<>(tags);
      for (int i = 0; i + 1 < kv.length; i += 2) all.put(kv[i], kv[i + 1]);
      StringBuilder b = new StringBuilder("{");
      all.forEach((k, v) -> {
        if (b.length() > 1) b.append(',');
        b.append(k.replaceAll("[^A-Za-z0-9_]", "_")).append("=\"")
            .append(v.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n")).append('"');
      });
      return b.append('}').toString();
    }

    String exposition() {
      StringBuilder out = new StringBuilder();
      String base = labels();
      gauge(out, "nessie_role_up", "1 while the Nessie stand-in (Iceberg REST catalog server) runs.", base, 1);
      gauge(out, "nessie_role_started", "1 once the catalog is initialized and the REST API is served.", base, service.started ? 1 : 0);
      gauge(out, "nessie_role_catalog_ready", "1 if the last readiness check's listNamespaces succeeded.", base, service.lastReady ? 1 : 0);
      out.append("# HELP http_server_requests_seconds Iceberg REST requests served, by method, status and route.\n");
      out.append("# TYPE http_server_requests_seconds summary\n");
      new TreeMap<>(counts).forEach((labels, n) -> {
        out.append("http_server_requests_seconds_count").append(labels).append(' ').append(n.sum()).append('\n');
        out.append("http_server_requests_seconds_sum").append(labels).append(' ').append(sums.get(labels).sum()).append('\n');
      });
      gauge(out, "process_uptime_seconds", "The uptime of the Java virtual machine.", base, (System.currentTimeMillis() - service.startMillis) / 1000.0);
      gauge(out, "process_start_time_seconds", "Start time of the process since unix epoch.", base, ManagementFactory.getRuntimeMXBean().getStartTime() / 1000.0);
      Runtime rt = Runtime.getRuntime();
      out.append("# HELP jvm_memory_used_bytes The amount of used memory.\n# TYPE jvm_memory_used_bytes gauge\n");
      out.append("jvm_memory_used_bytes").append(labels("area", "heap")).append(' ').append(rt.totalMemory() - rt.freeMemory()).append('\n');
      out.append("jvm_memory_used_bytes").append(labels("area", "nonheap")).append(' ')
          .append(ManagementFactory.getMemoryMXBean().getNonHeapMemoryUsage().getUsed()).append('\n');
      gauge(out, "jvm_memory_max_bytes", "The maximum heap memory.", labels("area", "heap"), rt.maxMemory());
      gauge(out, "jvm_threads_live_threads", "The current number of live threads.", base, ManagementFactory.getThreadMXBean().getThreadCount());
      return out.toString();
    }

    private static void gauge(StringBuilder out, String name, String help, String labels, double value) {
      out.append("# HELP ").append(name).append(' ').append(help).append('\n');
      out.append("# TYPE ").append(name).append(" gauge\n");
      out.append(name).append(labels).append(' ').append(value).append('\n');
    }
  }

  // ------------------------------------------------------------------------------------------
  // Logging: an SLF4J provider writing Quarkus's console formats to stdout, JSON lines when
  // quarkus.log.console.json is true, with Quarkus's root, console and category levels; JUL
  // (the PostgreSQL driver) goes through it too.
  // ------------------------------------------------------------------------------------------
  public static final class Logs implements SLF4JServiceProvider {
    static volatile boolean json;
    static volatile Level root = Level.INFO;
    static final Map<String, Level> categories = new ConcurrentHashMap<>();
    static final AtomicLong sequence = new AtomicLong();
    static final PrintStream out = new PrintStream(new java.io.FileOutputStream(java.io.FileDescriptor.out), true, StandardCharsets.UTF_8);
    static final String host = hostName();
    static final long pid = ProcessHandle.current().pid();
    private static final DateTimeFormatter PLAIN = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss,SSS");
    private static final Pattern CATEGORY = Pattern.compile("^quarkus\\.log\\.category\\.\"([^\"]+)\"\\.level$");

    private final ILoggerFactory factory = name -> new JsonLogger(name);
    private final IMarkerFactory markers = new BasicMarkerFactory();
    private final MDCAdapter mdc = new BasicMDCAdapter();

    public Logs() {}

    static String categoryOf(String key) {
      Matcher m = CATEGORY.matcher(key);
      return m.matches() ? m.group(1) : null;
    }

    static void configure(QuarkusConfig config) {
      json = Boolean.parseBoolean(config.getOr("quarkus.log.console.json", "false"));
      Level rootLevel = level(config.getOr("quarkus.log.level", "INFO"));
      Level consoleLevel = level(config.getOr("quarkus.log.console.level", "INFO"));
      root = rootLevel.toInt() > consoleLevel.toInt() ? rootLevel : consoleLevel;
      for (String k : config.keysWithPrefix("quarkus.log.category.")) {
        String c = categoryOf(k);
        if (c != null) config.get(k).ifPresent(v -> categories.put(c, level(v.value)));
      }
      System.setProperty("slf4j.provider", Logs.class.getName());
      System.setProperty("slf4j.internal.verbosity", "WARN");
      java.util.logging.Logger julRoot = java.util.logging.Logger.getLogger("");
      for (java.util.logging.Handler h : julRoot.getHandlers()) julRoot.removeHandler(h);
      julRoot.setLevel(java.util.logging.Level.INFO);
      julRoot.addHandler(
          new java.util.logging.Handler() {
            @Override
            public void publish(java.util.logging.LogRecord r) {
              int v = r.getLevel().intValue();
              Level l = v >= 1000 ? Level.ERROR : v >= 900 ? Level.WARN : v >= 800 ? Level.INFO : v >= 500 ? Level.DEBUG : Level.TRACE;
              String msg = r.getMessage();
              if (r.getParameters() != null && msg != null) {
                try {
                  msg = java.text.MessageFormat.format(msg, r.getParameters());
                } catch (IllegalArgumentException ignored) {
                  // keep the raw message
                }
              }
              write(r.getLoggerName() == null ? "" : r.getLoggerName(), l, msg, r.getThrown());
            }

            @Override
            public void flush() {}

            @Override
            public void close() {}
          });
    }

    static Level level(String name) {
      switch (name.trim().toUpperCase(Locale.ROOT)) {
        case "OFF":
        case "FATAL":
        case "SEVERE":
        case "ERROR":
          return Level.ERROR;
        case "WARN":
        case "WARNING":
          return Level.WARN;
        case "DEBUG":
        case "FINE":
        case "CONFIG":
          return Level.DEBUG;
        case "TRACE":
        case "FINER":
        case "FINEST":
        case "ALL":
          return Level.TRACE;
        default:
          return Level.INFO;
      }
    }

    static boolean enabled(String logger, Level level) {
      Level threshold = root;
      int best = -1;
      for (Map.Entry<String, Level> e : categories.entrySet()) {
        String c = e.getKey();
        if ((logger.equals(c) || logger.startsWith(c + ".")) && c.length() > best) {
          best = c.length();
          threshold = e.getValue();
        }
      }
      return level.toInt() >= threshold.toInt();
    }

    static void write(String logger, Level level, String message, Throwable thrown) {
      if (!enabled(logger, level)) return;
      ZonedDateTime now = ZonedDateTime.now();
      Thread t = Thread.currentThread();
      String line;
      if (json) {
        StringBuilder b = new StringBuilder(256);
        b.append("{\"timestamp\":").append(quote(now.format(DateTimeFormatter.ISO_OFFSET_DATE_TIME)))
            .append(",\"sequence\":").append(sequence.incrementAndGet())
            .append(",\"loggerClassName\":\"org.slf4j.Logger\"")
            .append(",\"loggerName\":").append(quote(logger))
            .append(",\"level\":").append(quote(level.name()))
            .append(",\"message\":").append(quote(message))
            .append(",\"threadName\":").append(quote(t.getName()))
            .append(",\"threadId\":").append(t.getId())
            .append(",\"mdc\":{},\"ndc\":\"\"")
            .append(",\"hostName\":").append(quote(host))
            .append(",\"processName\":\"NessieRole\"")
            .append(",\"processId\":").append(pid);
        if (thrown != null) b.append(",\"exception\":").append(exception(thrown, 0));
        line = b.append('}').toString();
      } else {
        StringBuilder b = new StringBuilder(256);
        b.append(now.format(PLAIN)).append(' ').append(String.format("%-5s", level.name()))
            .append(" [").append(abbreviate(logger)).append("] (").append(t.getName()).append(") ").append(message);
        if (thrown != null) {
          java.io.StringWriter sw = new java.io.StringWriter();
          thrown.printStackTrace(new java.io.PrintWriter(sw));
          b.append(System.lineSeparator()).append(sw.toString().stripTrailing());
        }
        line = b.toString();
      }
      synchronized (out) {
        out.println(line);
      }
    }

    static void flush() {
      out.flush();
    }

    private static String exception(Throwable e, int depth) {
      StringBuilder b = new StringBuilder("{\"exceptionType\":").append(quote(e.getClass().getName()))
          .append(",\"message\":").append(quote(String.valueOf(e.getMessage()))).append(",\"frames\":[");
      StackTraceElement[] frames = e.getStackTrace();
      for (int i = 0; i < Math.min(frames.length, 40); i++) {
        if (i > 0) b.append(',');
        b.append("{\"class\":").append(quote(frames[i].getClassName())).append(",\"method\":")
            .append(quote(frames[i].getMethodName())).append(",\"line\":").append(frames[i].getLineNumber()).append('}');
      }
      b.append(']');
      if (e.getCause() != null && e.getCause() != e && depth < 5) b.append(",\"causedBy\":{\"exception\":").append(exception(e.getCause(), depth + 1)).append('}');
      return b.append('}').toString();
    }

    /** %c{3.}: all but the last three segments to their first letter. */
    private static String abbreviate(String logger) {
      String[] parts = logger.split("\\.");
      if (parts.length <= 3) return logger;
      StringBuilder b = new StringBuilder();
      for (int i = 0; i < parts.length; i++) {
        if (i > 0) b.append('.');
        b.append(i < parts.length - 3 && !parts[i].isEmpty() ? parts[i].substring(0, 1) : parts[i]);
      }
      return b.toString();
    }

    static String quote(String s) {
      if (s == null) return "null";
      StringBuilder b = new StringBuilder(s.length() + 2).append('"');
      for (int i = 0; i < s.length(); i++) {
        char c = s.charAt(i);
        switch (c) {
          case '"': b.append("\\\""); break;
          case '\\': b.append("\\\\"); break;
          case '\n': b.append("\\n"); break;
          case '\r': b.append("\\r"); break;
          case '\t': b.append("\\t"); break;
          default:
            if (c < 0x20) b.append(String.format("\\u%04x", (int) c));
            else b.append(c);
        }
      }
      return b.append('"').toString();
    }

    private static String hostName() {
      try {
        return InetAddress.getLocalHost().getHostName();
      } catch (Exception e) {
        return Optional.ofNullable(System.getenv("HOSTNAME")).orElse("localhost");
      }
    }

    @Override public ILoggerFactory getLoggerFactory() { return factory; }
    @Override public IMarkerFactory getMarkerFactory() { return markers; }
    @Override public MDCAdapter getMDCAdapter() { return mdc; }
    @Override public String getRequestedApiVersion() { return "2.0.99"; }
    @Override public void initialize() {}

    static final class JsonLogger extends LegacyAbstractLogger {
      JsonLogger(String name) {
        this.name = name;
      }

      @Override public boolean isTraceEnabled() { return enabled(name, Level.TRACE); }
      @Override public boolean isDebugEnabled() { return enabled(name, Level.DEBUG); }
      @Override public boolean isInfoEnabled() { return enabled(name, Level.INFO); }
      @Override public boolean isWarnEnabled() { return enabled(name, Level.WARN); }
      @Override public boolean isErrorEnabled() { return enabled(name, Level.ERROR); }
      @Override protected String getFullyQualifiedCallerName() { return null; }

      @Override
      protected void handleNormalizedLoggingCall(Level level, Marker marker, String pattern, Object[] args, Throwable thrown) {
        write(name, level, args == null ? pattern : MessageFormatter.basicArrayFormat(pattern, args), thrown);
      }
    }
  }
}
