package io.sosae.tools.cluster;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * A standalone Flink session cluster on 127.0.0.1, run from Flink's Maven Central jars (flink-dist
 * is not published there): one JobManager process and N TaskManager processes, started with the
 * JVM and dynamic memory options Flink's own resource calculation gives ({@code BashJavaUtils},
 * what flink-dist's scripts call). DJL and libtorch sit on the cluster's class path and load
 * parent-first (a native library cannot load twice in one JVM). Everything lives in one working
 * directory: {@code conf/} (config.yaml, log4j), {@code log/}, checkpoints, savepoints, and
 * {@code cluster.properties} (REST port and process ids), so {@link #attach} finds a running
 * cluster again from another process.
 */
public final class FlinkCluster {
    private static final String STATE = "cluster.properties";
    private static final List<String> JAVA_17_OPENS = List.of(
            "java.base/java.lang",
            "java.base/java.lang.reflect",
            "java.base/java.io",
            "java.base/java.net",
            "java.base/java.nio",
            "java.base/sun.nio.ch",
            "java.base/java.text",
            "java.base/java.time",
            "java.base/java.util",
            "java.base/java.util.concurrent",
            "java.base/java.util.concurrent.atomic",
            "java.base/java.util.concurrent.locks");

    /** Where the cluster's jars are: Flink's runtime, and the libraries its lib/ needs for the job (DJL). */
    public record Layout(Path flinkLib, Path clusterLib) {
        /** The directories flink-jobs' build writes ({@code target/flink-lib}, {@code target/cluster-lib}). */
        public static Layout of(Path flinkJobsTarget) {
            return new Layout(flinkJobsTarget.resolve("flink-lib"), flinkJobsTarget.resolve("cluster-lib"));
        }

        /** The job jar the same build wrote beside these directories. */
        public Path jobJar() throws IOException {
            Path target = flinkLib.getParent();
            try (Stream<Path> s = Files.list(target)) {
                return s.filter(p -> p.getFileName().toString().endsWith("-job.jar"))
                        .findFirst()
                        .orElseThrow(() -> new IllegalArgumentException("no job jar in " + target
                                + ": build it with ./mvnw -B package -DskipTests -pl flink-jobs -am, or pass --jar"));
            }
        }

        String classPath() throws IOException {
            List<String> jars = new ArrayList<>();
            for (Path dir : List.of(flinkLib, clusterLib)) {
                if (!Files.isDirectory(dir)) {
                    throw new IllegalArgumentException(
                            dir + " is missing: build it with ./mvnw -B package -DskipTests -pl flink-jobs -am");
                }
                try (Stream<Path> s = Files.list(dir)) {
                    s.filter(p -> p.toString().endsWith(".jar"))
                            .sorted()
                            .forEach(p -> jars.add(p.toAbsolutePath().toString()));
                }
            }
            return String.join(java.io.File.pathSeparator, jars);
        }
    }

    /**
     * @param taskManagerMemory a TaskManager's whole process size (Flink's taskmanager.memory.process.size)
     * @param configuration further Flink options for config.yaml (they win over the defaults here)
     */
    public record Settings(
            int taskManagers,
            int slotsPerTaskManager,
            String taskManagerMemory,
            String jobManagerMemory,
            Map<String, String> configuration) {
        public Settings {
            if (taskManagers < 1 || slotsPerTaskManager < 1) {
                throw new IllegalArgumentException("a cluster needs >= 1 TaskManager with >= 1 slot, was "
                        + taskManagers + " x " + slotsPerTaskManager);
            }
            configuration = Map.copyOf(configuration);
        }

        public static Settings defaults(int taskManagers) {
            return new Settings(taskManagers, 2, "1600m", "1024m", Map.of());
        }
    }

    private final Path dir;
    private final Layout layout;
    private final int restPort;
    private final long jobManagerPid;
    private final List<Long> taskManagerPids;
    private final Map<String, Long> taskManagerNames = new LinkedHashMap<>();
    private int started;

    private FlinkCluster(Path dir, Layout layout, int restPort, long jobManagerPid, List<Long> taskManagerPids) {
        this.dir = dir;
        this.layout = layout;
        this.restPort = restPort;
        this.jobManagerPid = jobManagerPid;
        this.taskManagerPids = new ArrayList<>(taskManagerPids);
    }

    /** Starts the JobManager and the TaskManagers and waits until every TaskManager has registered. */
    public static FlinkCluster start(Path dir, Layout layout, Settings settings, Duration timeout)
            throws IOException, InterruptedException {
        Path work = dir.toAbsolutePath();
        if (Files.exists(work.resolve(STATE))) {
            throw new IllegalStateException("a cluster is already recorded in " + work.resolve(STATE)
                    + ": run sosae cluster stop --dir " + dir + " first");
        }
        Files.createDirectories(work.resolve("conf"));
        Files.createDirectories(work.resolve("log"));
        int restPort = freePort();
        writeConfiguration(work, settings, restPort, freePort());
        FlinkCluster cluster = new FlinkCluster(work, layout, restPort, -1, List.of());
        long jm = cluster.launch(
                "jobmanager",
                "org.apache.flink.runtime.entrypoint.StandaloneSessionClusterEntrypoint",
                "GET_JM_RESOURCE_PARAMS");
        cluster = new FlinkCluster(work, layout, restPort, jm, List.of());
        cluster.save();
        for (int i = 0; i < settings.taskManagers(); i++) {
            cluster.startTaskManager();
        }
        cluster.awaitTaskManagers(settings.taskManagers(), timeout);
        return cluster;
    }

    /** The cluster recorded in {@code dir} by {@link #start}. */
    public static FlinkCluster attach(Path dir, Layout layout) throws IOException {
        Path work = dir.toAbsolutePath();
        Path state = work.resolve(STATE);
        if (!Files.exists(state)) {
            throw new IllegalStateException("no cluster recorded in " + work + ": start one with sosae cluster start");
        }
        Properties p = new Properties();
        try (InputStream in = Files.newInputStream(state)) {
            p.load(in);
        }
        List<Long> tms = p.getProperty("taskmanagers", "").isBlank()
                ? List.of()
                : Stream.of(p.getProperty("taskmanagers").split(","))
                        .map(Long::parseLong)
                        .toList();
        FlinkCluster c = new FlinkCluster(
                work,
                layout,
                Integer.parseInt(p.getProperty("rest.port")),
                Long.parseLong(p.getProperty("jobmanager")),
                tms);
        c.started = Integer.parseInt(p.getProperty("started", String.valueOf(tms.size())));
        return c;
    }

    private void save() throws IOException {
        Properties p = new Properties();
        p.setProperty("rest.port", String.valueOf(restPort));
        p.setProperty("jobmanager", String.valueOf(jobManagerPid));
        p.setProperty("started", String.valueOf(started));
        p.setProperty(
                "taskmanagers", taskManagerPids.stream().map(String::valueOf).collect(Collectors.joining(",")));
        try (OutputStream out = Files.newOutputStream(dir.resolve(STATE))) {
            p.store(out, "sosae cluster: REST port and process ids");
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    private static void writeConfiguration(Path work, Settings s, int restPort, int rpcPort) throws IOException {
        Map<String, String> c = new LinkedHashMap<>();
        c.put("jobmanager.rpc.address", "127.0.0.1");
        c.put("jobmanager.rpc.port", String.valueOf(rpcPort));
        c.put("jobmanager.bind-host", "127.0.0.1");
        c.put("jobmanager.memory.process.size", s.jobManagerMemory());
        c.put("taskmanager.host", "127.0.0.1");
        c.put("taskmanager.bind-host", "127.0.0.1");
        c.put("taskmanager.numberOfTaskSlots", String.valueOf(s.slotsPerTaskManager()));
        c.put("taskmanager.memory.process.size", s.taskManagerMemory());
        c.put("rest.address", "127.0.0.1");
        c.put("rest.bind-address", "127.0.0.1");
        c.put("rest.port", String.valueOf(restPort));
        c.put("io.tmp.dirs", work.resolve("tmp").toString());
        c.put("execution.checkpointing.dir", work.resolve("checkpoints").toUri().toString());
        c.put(
                "execution.checkpointing.savepoint-dir",
                work.resolve("savepoints").toUri().toString());
        c.put("restart-strategy.type", "fixed-delay");
        c.put("restart-strategy.fixed-delay.attempts", "1000");
        c.put("restart-strategy.fixed-delay.delay", "1 s");
        // a killed TaskManager is noticed within seconds, not the default 50
        c.put("heartbeat.interval", "1000");
        c.put("heartbeat.timeout", "6000");
        c.put("classloader.parent-first-patterns.additional", "ai.djl.");
        c.putAll(s.configuration());
        StringBuilder yaml = new StringBuilder("# written by sosae cluster start\n");
        c.forEach((k, v) ->
                yaml.append(k).append(": \"").append(v.replace("\"", "\\\"")).append("\"\n"));
        Files.writeString(work.resolve("conf").resolve("config.yaml"), yaml);
        Files.writeString(
                work.resolve("conf").resolve("log4j.properties"),
                """
                rootLogger.level = INFO
                rootLogger.appenderRef.file.ref = FileAppender
                appender.file.name = FileAppender
                appender.file.type = FILE
                appender.file.fileName = ${sys:log.file}
                appender.file.layout.type = PatternLayout
                appender.file.layout.pattern = %d{yyyy-MM-dd HH:mm:ss,SSS} %-5p %-60c %x - %m%n
                """);
    }

    /** Flink's resource calculation for a process: its JVM options and dynamic configuration. */
    private List<List<String>> resourceParameters(String command) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(
                        javaBin(),
                        "-cp",
                        layout.classPath(),
                        "org.apache.flink.runtime.util.bash.BashJavaUtils",
                        command,
                        "--configDir",
                        dir.resolve("conf").toString())
                .redirectErrorStream(true)
                .start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
            throw new IOException("Flink's resource calculation failed:\n" + out);
        }
        List<List<String>> results = out.lines()
                .filter(l -> l.startsWith("BASH_JAVA_UTILS_EXEC_RESULT:"))
                .map(l -> List.of(l.substring("BASH_JAVA_UTILS_EXEC_RESULT:".length())
                        .trim()
                        .split("\\s+")))
                .toList();
        if (results.size() < 2) {
            throw new IOException("unexpected output of Flink's resource calculation:\n" + out);
        }
        return results;
    }

    private static String javaBin() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    private long launch(String name, String mainClass, String resources, String... dynamic)
            throws IOException, InterruptedException {
        List<List<String>> params = resourceParameters(resources);
        List<String> command = new ArrayList<>();
        command.add(javaBin());
        command.addAll(params.get(0)); // -Xmx, -Xms, direct and metaspace sizes
        for (String open : JAVA_17_OPENS) {
            command.add("--add-opens=" + open + "=ALL-UNNAMED");
        }
        command.add("-Dlog.file=" + dir.resolve("log").resolve(name + ".log"));
        command.add("-Dlog4j.configurationFile="
                + dir.resolve("conf").resolve("log4j.properties").toUri());
        command.add("-Dai.djl.offline=true");
        command.add("-Dai.djl.pytorch.num_threads=1");
        command.add("-Dai.djl.pytorch.num_interop_threads=1");
        command.add("-cp");
        command.add(layout.classPath());
        command.add(mainClass);
        command.add("--configDir");
        command.add(dir.resolve("conf").toString());
        command.addAll(params.get(1)); // -D key=value: the derived memory sizes
        for (String d : dynamic) {
            command.add("-D");
            command.add(d);
        }
        ProcessBuilder builder = new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(dir.resolve("log").resolve(name + ".out").toFile());
        builder.environment().putAll(environment(name.startsWith("jobmanager") ? "master" : "taskmanager"));
        return builder.start().pid();
    }

    /**
     * Environment variables for a process, from Flink's {@code containerized.<role>.env.<NAME>}
     * options in this cluster's configuration (what YARN and Kubernetes deployments read; for
     * example {@code containerized.taskmanager.env.LD_PRELOAD} for jemalloc, as Flink's Docker
     * images use it).
     */
    private Map<String, String> environment(String role) throws IOException {
        String prefix = "containerized." + role + ".env.";
        Map<String, String> env = new LinkedHashMap<>();
        for (String line : Files.readAllLines(dir.resolve("conf").resolve("config.yaml"))) {
            int colon = line.indexOf(": ");
            if (line.startsWith(prefix) && colon > prefix.length()) {
                String value = line.substring(colon + 2).trim();
                if (value.length() >= 2 && value.startsWith("\"") && value.endsWith("\"")) {
                    value = value.substring(1, value.length() - 1).replace("\\\"", "\"");
                }
                env.put(line.substring(prefix.length(), colon), value);
            }
        }
        return env;
    }

    /**
     * Starts one more TaskManager process (a replacement after a kill, or a larger cluster). Its
     * Flink resource id is {@code taskmanager-<n>} (n counts the TaskManagers this cluster started), so
     * the REST API's TaskManagers map to processes.
     */
    public synchronized long startTaskManager() throws IOException, InterruptedException {
        String name = "taskmanager-" + (++started);
        long pid = launch(
                name,
                "org.apache.flink.runtime.taskexecutor.TaskManagerRunner",
                "GET_TM_RESOURCE_PARAMS",
                "taskmanager.resource-id=" + name);
        taskManagerPids.add(pid);
        taskManagerNames.put(name, pid);
        save();
        return pid;
    }

    /** The process of the TaskManager with this Flink resource id (started by this instance). */
    public synchronized Optional<Long> taskManagerProcess(String resourceId) {
        return Optional.ofNullable(taskManagerNames.get(resourceId));
    }

    /** {@code kill -9} of a TaskManager process, as a crashing machine would. */
    public synchronized void killTaskManager(long pid) throws IOException, InterruptedException {
        ProcessHandle h = ProcessHandle.of(pid).orElseThrow(() -> new IllegalArgumentException("no process " + pid));
        h.destroyForcibly();
        try {
            h.onExit().get(30, TimeUnit.SECONDS);
        } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
            throw new IOException("TaskManager " + pid + " did not exit after kill -9", e);
        }
        taskManagerPids.remove(pid);
        taskManagerNames.values().remove(pid);
        save();
    }

    public synchronized List<Long> taskManagerPids() {
        return List.copyOf(taskManagerPids);
    }

    public String restUrl() {
        return "http://127.0.0.1:" + restPort;
    }

    public Path directory() {
        return dir;
    }

    /** Processes of this cluster still alive. */
    public synchronized List<Long> alive() {
        List<Long> all = new ArrayList<>();
        all.add(jobManagerPid);
        all.addAll(taskManagerPids);
        return all.stream()
                .filter(pid -> ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false))
                .toList();
    }

    public void awaitTaskManagers(int count, Duration timeout) throws IOException, InterruptedException {
        FlinkRest rest = new FlinkRest(restUrl());
        long deadline = System.nanoTime() + timeout.toNanos();
        String last = "not reachable";
        while (System.nanoTime() < deadline) {
            Optional<Integer> registered = rest.taskManagers();
            if (registered.isPresent() && registered.get() >= count) {
                return;
            }
            last = registered.map(n -> n + " registered").orElse("not reachable");
            if (!ProcessHandle.of(jobManagerPid).map(ProcessHandle::isAlive).orElse(false)) {
                throw new IOException("the JobManager exited; see " + dir.resolve("log"));
            }
            Thread.sleep(250);
        }
        throw new IOException(
                "TaskManagers: " + last + ", " + count + " expected within " + timeout + "; see " + dir.resolve("log"));
    }

    /** Stops every process of the cluster (TERM, then KILL after 30 s) and forgets it. */
    public synchronized void stop() throws IOException, InterruptedException {
        List<ProcessHandle> handles = new ArrayList<>();
        for (long pid : alive()) {
            ProcessHandle.of(pid).ifPresent(h -> {
                h.destroy();
                handles.add(h);
            });
        }
        for (ProcessHandle h : handles) {
            try {
                h.onExit().get(30, TimeUnit.SECONDS);
            } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
                h.destroyForcibly();
            }
        }
        Files.deleteIfExists(dir.resolve(STATE));
    }
}
