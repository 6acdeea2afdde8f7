package fr.spie.hub.reload;

import fr.spie.hub.HubProperties;
import fr.spie.hub.audit.AuditEvent;
import fr.spie.hub.audit.AuditJournal;
import fr.spie.hub.broker.Addresses;
import fr.spie.hub.canonical.CanonicalSchemas;
import fr.spie.hub.exchange.BatchReceiver;
import fr.spie.hub.mapping.MappingCatalog;
import fr.spie.hub.partner.Partner;
import fr.spie.hub.partner.PartnerRegistry;
import fr.spie.hub.validation.JsonSchemas;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.apache.activemq.artemis.api.core.QueueConfiguration;
import org.apache.activemq.artemis.api.core.RoutingType;
import org.apache.activemq.artemis.api.core.SimpleString;
import org.apache.activemq.artemis.core.server.ActiveMQServer;
import org.apache.activemq.artemis.core.server.embedded.EmbeddedActiveMQ;
import org.apache.camel.CamelContext;
import org.apache.camel.RoutesBuilder;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.builder.TemplatedRouteBuilder;
import org.apache.camel.spi.RoutesLoader;
import org.apache.camel.support.PluginHelper;
import org.apache.camel.support.ResourceHelper;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import jakarta.annotation.PreDestroy;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/**
 * Hot reload: an integrator saves a file under {@code routes/}, {@code mappings/}, {@code schemas/} or
 * {@code config/partners/} and the running hub takes it, without a restart. Every file is loaded into fresh objects
 * first; an edit that does not load (a mapping that does not compile, a partner file that does not parse or names a
 * missing file, a schema or a route that does not load) is refused with the precise reason and the previous version
 * keeps running. Each reload and each refusal is an audit event (CONFIGURATION_RELOADED, CONFIGURATION_REFUSED).
 */
@Component
public class HotReload {

    private static final Logger log = LoggerFactory.getLogger(HotReload.class);
    /** The route template of the queue channel (routes/inbound-queue.camel.yaml), one route per partner. */
    private static final String QUEUE_TEMPLATE = "inbound-queue";
    private static final String HUB = "hub";

    private final Path home;
    private final ReloadProperties settings;
    private final PartnerRegistry partners;
    private final MappingCatalog mappings;
    private final JsonSchemas schemas;
    private final CanonicalSchemas canonical;
    private final BatchReceiver batches;
    private final CamelContext camel;
    private final AuditJournal journal;
    /** Absent in the cluster profile: the external broker creates a new partner's queues on first use. */
    private final org.springframework.beans.factory.ObjectProvider<EmbeddedActiveMQ> broker;

    private ScheduledExecutorService poller;
    private volatile boolean running;
    /** The files as last applied (or refused: a refused edit is not retried until the files change again). */
    private ConfigurationFiles current;
    /** A change seen at the last poll, applied when the next poll sees the same files (the editor has finished). */
    private ConfigurationFiles pending;
    /** The text of each route file as it runs, to put back when a new version fails to start. */
    private final Map<String, String> runningRoutes = new LinkedHashMap<>();

    public HotReload(HubProperties properties, ReloadProperties settings, PartnerRegistry partners,
                     MappingCatalog mappings, JsonSchemas schemas, CanonicalSchemas canonical, BatchReceiver batches,
                     CamelContext camel, AuditJournal journal,
                     org.springframework.beans.factory.ObjectProvider<EmbeddedActiveMQ> broker) {
        this.home = properties.homeDir().toAbsolutePath().normalize();
        this.settings = settings;
        this.partners = partners;
        this.mappings = mappings;
        this.schemas = schemas;
        this.canonical = canonical;
        this.batches = batches;
        this.camel = camel;
        this.journal = journal;
        this.broker = broker;
    }

    /** What one reload did: the files it saw changed and, when refused, why. */
    public record Result(Set<String> changed, List<String> problems) {

        public boolean reloaded() {
            return problems.isEmpty();
        }
    }

    /**
     * Starts watching once the hub is ready. Not a Spring lifecycle bean on purpose: one that depends on the Camel
     * context would have Spring start Camel before the routes are collected.
     */
    @EventListener(ApplicationReadyEvent.class)
    public void start() {
        current = ConfigurationFiles.of(home);
        current.files().keySet().stream().filter(HotReload::isRoute).forEach(f -> runningRoutes.put(f, read(f)));
        running = true;
        if (!settings.enabled()) {
            log.info("Hot reload is off (spie.reload.enabled=false): file changes take effect at the next start");
            return;
        }
        poller = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread thread = new Thread(r, "spie-hot-reload");
            thread.setDaemon(true);
            return thread;
        });
        poller.scheduleWithFixedDelay(this::poll, settings.pollMillis(), settings.pollMillis(), TimeUnit.MILLISECONDS);
        log.info("Hot reload watches {} every {} ms", ConfigurationFiles.FOLDERS, settings.pollMillis());
    }

    @PreDestroy
    public void stop() {
        running = false;
        if (poller != null) {
            poller.shutdownNow();
        }
    }

    public boolean isRunning() {
        return running;
    }

    private void poll() {
        try {
            ConfigurationFiles now = ConfigurationFiles.of(home);
            if (now.changedSince(current).isEmpty()) {
                pending = null;
            } else if (pending == null || !now.changedSince(pending).isEmpty()) {
                pending = now; // still being written, perhaps: wait one more poll
            } else {
                pending = null;
                reload(now);
            }
        } catch (RuntimeException e) {
            log.error("Hot reload failed to compare the configuration files: {}", e.toString());
        }
    }

    /** Applies the files as they are now, or refuses them; synchronized: one reload at a time. */
    synchronized Result reload(ConfigurationFiles now) {
        Set<String> changed = now.changedSince(current);
        current = now;
        String id = "reload-" + UUID.randomUUID();
        ConfigurationCheck.Candidate candidate = ConfigurationCheck.load(home);
        List<String> problems = new ArrayList<>(candidate.problems());
        if (problems.isEmpty()) {
            problems.addAll(reloadRoutes(changed));
        }
        if (!problems.isEmpty()) {
            log.warn("Configuration edit refused, the previous version keeps running ({} changed: {}): {}",
                    changed.size(), changed, String.join(" | ", problems));
            audit(id, AuditEvent.Step.CONFIGURATION_REFUSED, AuditEvent.Outcome.REJECTED, changed,
                    "refused: " + String.join(" | ", problems) + " ; changed: " + String.join(", ", changed));
            return new Result(changed, problems);
        }
        Set<String> before = partners.all().stream().map(Partner::id).collect(java.util.stream.Collectors.toSet());
        partners.replaceWith(candidate.partners());
        mappings.replaceWith(candidate.mappings());
        schemas.replaceWith(candidate.schemas());
        canonical.forget();
        batches.forgetFormats();
        List<String> added = openChannelsOfNewPartners(before, changed);
        log.info("Configuration reloaded ({} changed: {}){}", changed.size(), changed,
                added.isEmpty() ? "" : "; new partners " + added);
        audit(id, AuditEvent.Step.CONFIGURATION_RELOADED, AuditEvent.Outcome.OK, changed,
                "reloaded: " + String.join(", ", changed));
        return new Result(changed, List.of());
    }

    /**
     * Reads each changed route file fully before touching the running routes; then updates them, and when a new
     * version fails to start, puts the previous text back so that the previous routes run again.
     */
    private List<String> reloadRoutes(Set<String> changed) {
        List<String> routeFiles = changed.stream().filter(HotReload::isRoute).toList();
        if (routeFiles.isEmpty()) {
            return List.of();
        }
        RoutesLoader loader = PluginHelper.getRoutesLoader(camel);
        List<String> problems = new ArrayList<>();
        Map<String, String> texts = new LinkedHashMap<>();
        for (String file : routeFiles) {
            if (!Files.isRegularFile(home.resolve(file))) {
                problems.add(file + ": removing a route file takes effect at the next start; empty it instead");
                continue;
            }
            String text = read(file);
            texts.put(file, text);
            try {
                for (RoutesBuilder builder : loader.findRoutesBuilders(ResourceHelper.fromString(location(file), text))) {
                    if (builder instanceof RouteBuilder routes) {
                        routes.configureRoutes(camel); // parses the whole file: a YAML or DSL error throws here
                    }
                }
            } catch (Exception e) {
                problems.add(file + ": " + ConfigurationCheck.firstLine(describe(e)).replace(location(file), file));
            }
        }
        if (!problems.isEmpty()) {
            return problems;
        }
        List<String> updated = new ArrayList<>();
        for (var entry : texts.entrySet()) {
            try {
                loader.updateRoutes(ResourceHelper.fromString(location(entry.getKey()), entry.getValue()));
                updated.add(entry.getKey());
            } catch (Exception e) {
                problems.add(entry.getKey() + ": "
                        + ConfigurationCheck.firstLine(describe(e)).replace(location(entry.getKey()), entry.getKey()));
                break;
            }
        }
        if (!problems.isEmpty()) {
            restore(routeFiles, loader);
            return problems;
        }
        runningRoutes.putAll(texts);
        if (texts.keySet().stream().anyMatch(f -> f.endsWith("/" + QUEUE_TEMPLATE + ".camel.yaml"))) {
            partners.all().stream().filter(p -> !p.inbound().isEmpty()).forEach(p -> queueRoute(p.id(), true));
        }
        return List.of();
    }

    private void restore(List<String> files, RoutesLoader loader) {
        for (String file : files) {
            String previous = runningRoutes.get(file);
            try {
                if (previous != null) {
                    loader.updateRoutes(ResourceHelper.fromString(location(file), previous));
                } else {
                    // a new file whose routes did not start: remove those that did
                    for (var route : List.copyOf(camel.getRoutes())) {
                        String source = route.getSourceLocation();
                        if (source != null && source.contains(file)) {
                            camel.getRouteController().stopRoute(route.getRouteId());
                            camel.removeRoute(route.getRouteId());
                        }
                    }
                }
            } catch (Exception e) {
                log.error("Could not put back the previous version of {}: {}", file, describe(e));
            }
        }
    }

    /** A partner added by its file gets its queues and its queue channel at once, as it would at a start. */
    private List<String> openChannelsOfNewPartners(Set<String> before, Set<String> changed) {
        List<String> added = new ArrayList<>();
        if (changed.stream().noneMatch(f -> f.startsWith("config/partners/"))) {
            return added;
        }
        EmbeddedActiveMQ embedded = broker.getIfAvailable();
        ActiveMQServer server = embedded == null ? null : embedded.getActiveMQServer();
        for (Partner partner : partners.all()) {
            for (String queue : List.of(Addresses.inbound(partner.id()), Addresses.outbound(partner.id()))) {
                if (server == null) {
                    break;
                }
                try {
                    if (server.locateQueue(SimpleString.of(queue)) == null) {
                        server.createQueue(QueueConfiguration.of(queue).setAddress(queue)
                                .setRoutingType(RoutingType.ANYCAST).setDurable(true).setAutoCreateAddress(true));
                    }
                } catch (Exception e) {
                    log.error("Could not create queue {} for partner {}: {}", queue, partner.id(), describe(e));
                }
            }
            if (!partner.inbound().isEmpty()) {
                queueRoute(partner.id(), false);
            }
            if (!before.contains(partner.id())) {
                added.add(partner.id());
            }
        }
        return added;
    }

    private void queueRoute(String partner, boolean replace) {
        String routeId = QUEUE_TEMPLATE + "-" + partner;
        try {
            if (camel.getRoute(routeId) != null) {
                if (!replace) {
                    return;
                }
                camel.getRouteController().stopRoute(routeId);
                camel.removeRoute(routeId);
            }
            TemplatedRouteBuilder.builder(camel, QUEUE_TEMPLATE).routeId(routeId).parameter("partner", partner).add();
        } catch (Exception e) {
            log.error("Could not start the queue channel of partner {}: {}", partner, describe(e));
        }
    }

    private void audit(String id, AuditEvent.Step step, AuditEvent.Outcome outcome, Set<String> changed,
                       String detail) {
        try {
            journal.append(List.of(new AuditEvent(Instant.now(), id, id, step, outcome, HUB, null, null, null, null,
                    digest(changed), detail)));
        } catch (RuntimeException e) {
            log.error("Could not journal the {} event: {}", step, e.toString());
        }
    }

    /** SHA-256 of the changed files' names and contents: which version of the configuration an event is about. */
    private String digest(Set<String> changed) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            for (String file : changed) {
                sha.update(file.getBytes(StandardCharsets.UTF_8));
                sha.update((byte) 0);
                Path path = home.resolve(file);
                if (Files.isRegularFile(path)) {
                    sha.update(Files.readAllBytes(path));
                }
                sha.update((byte) 0);
            }
            return HexFormat.of().formatHex(sha.digest());
        } catch (NoSuchAlgorithmException | IOException e) {
            return null;
        }
    }

    private static boolean isRoute(String file) {
        return file.startsWith("routes/") && file.endsWith(".camel.yaml");
    }

    private String location(String file) {
        return "file:" + home.resolve(file);
    }

    private String read(String file) {
        try {
            return Files.readString(home.resolve(file), StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "";
        }
    }

    private static String describe(Throwable e) {
        StringBuilder text = new StringBuilder();
        for (Throwable t = e; t != null && text.length() < 600; t = t.getCause() == t ? null : t.getCause()) {
            if (t.getMessage() != null && (text.isEmpty() || !text.toString().contains(t.getMessage()))) {
                if (!text.isEmpty()) {
                    text.append(": ");
                }
                text.append(t.getMessage().replace('\n', ' '));
            }
        }
        return text.isEmpty() ? e.getClass().getSimpleName() : text.toString();
    }

    /** Used by tests and operators' tooling to apply the files now rather than at the next poll. */
    public Result reloadNow() {
        return reload(ConfigurationFiles.of(home));
    }
}
