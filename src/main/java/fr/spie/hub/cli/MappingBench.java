package fr.spie.hub.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import fr.spie.hub.canonical.CanonicalEvent;
import fr.spie.hub.canonical.CanonicalSchemas;
import fr.spie.hub.generate.CafFluxGenerator;
import fr.spie.hub.mapping.MappingCatalog;
import fr.spie.hub.partner.Partner;
import fr.spie.hub.partner.PartnerRegistry;
import fr.spie.hub.validation.JsonSchemaValidator;
import fr.spie.hub.validation.JsonSchemas;
import fr.spie.hub.validation.OperationOutcome;
import fr.spie.hub.validation.RecordStream;
import fr.spie.hub.validation.XmlRecordFormat;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Consumer;

/**
 * {@code mapping bench}: the CPU cost of the mapping and schema-validation steps alone, warm, one thread, on generated
 * CAF households: to canonical (JSONata), the canonical event's schema, and for each subscriber of the household
 * event its mapping and its schema, with the tree conversions the pipeline does around them. Prints microseconds of
 * this thread's CPU per household and step, per round: the figure that survives a shared machine. Rounds alternate
 * the steps on the same inputs, so a change is compared within one JVM and one sitting.
 */
final class MappingBench {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String FLUX = "flux-rsa";

    private MappingBench() {
    }

    static int run(String[] args, PrintStream out) throws Exception {
        int households = 2_000;
        int roundsAsked = 6;
        Path homeAsked = Path.of("").toAbsolutePath();
        for (int i = 0; i < args.length; i += 2) {
            if (i + 1 >= args.length) {
                throw new IllegalArgumentException(args[i] + " needs a value");
            }
            switch (args[i]) {
                case "--households" -> households = positive(args[i], args[i + 1]);
                case "--rounds" -> roundsAsked = positive(args[i], args[i + 1]);
                case "--home" -> homeAsked = Path.of(args[i + 1]).toAbsolutePath();
                default -> throw new IllegalArgumentException("unknown option " + args[i]);
            }
        }
        int rounds = roundsAsked;
        Path home = homeAsked;
        PartnerRegistry partners = PartnerRegistry.load(home.resolve("config/partners"));
        Partner caf = partners.find("caf").orElseThrow(() -> new IllegalArgumentException("no partner caf in " + home));
        Partner.InboundMessageType flux = caf.inboundType(FLUX).orElseThrow();
        MappingCatalog catalog = new MappingCatalog(home);
        JsonSchemas schemas = new JsonSchemas();
        CanonicalSchemas canonical = new CanonicalSchemas(home.resolve("schemas/canonical"));

        List<Input> inputs = read(home, flux, households);
        out.printf(Locale.ROOT, "%d CAF households generated and read (XSD-validated into trees)%n", inputs.size());

        Map<String, Consumer<Input>> steps = new LinkedHashMap<>();
        JsonSchemaValidator canonicalSchema = schemas.validator(canonical.schemaOf(flux.eventType()));
        steps.put("to canonical: " + flux.mapping(), input -> {
            ObjectNode header = JsonNodeFactory.instance.objectNode();
            input.headers.forEach(header::set);
            input.data = (ObjectNode) catalog.apply(flux.mapping(), input.record, header, FLUX, input.id,
                    "2025-09-30T12:00:00Z");
        });
        steps.put("canonical event as a tree (valueToTree)", input -> {
            subjects(input.data);
            input.event = JSON.valueToTree(new CanonicalEvent(CanonicalEvent.SPEC_VERSION, input.id, "/partners/caf",
                    flux.eventType(), "2025-09-30T12:00:00Z", null, "application/json",
                    CanonicalSchemas.dataschemaOf(flux.eventType()), flux.purpose(), null, List.of(), input.data));
        });
        steps.put("validate canonical: " + home.relativize(canonical.schemaOf(flux.eventType())),
                input -> check(canonicalSchema.validate(input.event)));
        List<Partner.Subscription> subscriptions = new ArrayList<>();
        for (Partner partner : partners.all()) {
            partner.subscriptionTo(flux.eventType()).ifPresent(subscriptions::add);
        }
        int n = 0;
        for (Partner.Subscription subscription : subscriptions) {
            int slot = n++;
            JsonSchemaValidator validator = schemas.validator(home.resolve(subscription.schema()));
            steps.put("from canonical: " + subscription.mapping(), input -> input.translated[slot] = catalog.apply(
                    subscription.mapping(), input.event, null, subscription.messageType(), input.id,
                    "2025-09-30T12:00:00Z"));
            steps.put("validate: " + subscription.schema(), input -> check(validator.validate(input.translated[slot])));
        }
        inputs.forEach(input -> input.translated = new JsonNode[subscriptions.size()]);

        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        // Bytes allocated per household: unlike CPU time, it does not depend on what else runs on the machine, and in
        // an interpreter it follows the work done (frames, sequences, boxed values).
        com.sun.management.ThreadMXBean allocations = (com.sun.management.ThreadMXBean) threads;
        long self = Thread.currentThread().getId();
        Map<String, double[]> perRound = new LinkedHashMap<>();
        Map<String, Double> allocated = new LinkedHashMap<>();
        steps.keySet().forEach(step -> perRound.put(step, new double[rounds]));
        for (int round = 0; round < rounds; round++) {
            for (Map.Entry<String, Consumer<Input>> step : steps.entrySet()) {
                long bytes = allocations.getThreadAllocatedBytes(self);
                long start = threads.getCurrentThreadCpuTime();
                for (Input input : inputs) {
                    step.getValue().accept(input);
                }
                perRound.get(step.getKey())[round] = (threads.getCurrentThreadCpuTime() - start) / 1e3 / inputs.size();
                allocated.put(step.getKey(), (allocations.getThreadAllocatedBytes(self) - bytes) / 1024.0
                        / inputs.size());
            }
        }
        out.printf(Locale.ROOT, "µs of CPU per household, %d rounds of %d (the first ones include JIT warm-up); "
                + "KB allocated per household (last round)%n", rounds, inputs.size());
        double total = 0;
        double totalKb = 0;
        for (Map.Entry<String, double[]> step : perRound.entrySet()) {
            double[] figures = step.getValue();
            double best = Arrays.stream(figures).skip(rounds > 2 ? rounds / 2 : 0).min().orElse(0);
            double kb = allocated.get(step.getKey());
            total += best;
            totalKb += kb;
            StringBuilder line = new StringBuilder(String.format(Locale.ROOT, "  %-72s %7.1f µs %6.1f KB  rounds:",
                    step.getKey(), best, kb));
            Arrays.stream(figures).forEach(f -> line.append(String.format(Locale.ROOT, " %.1f", f)));
            out.println(line);
        }
        out.printf(Locale.ROOT, "  %-72s %7.1f µs %6.1f KB  (µs: best of the second half of the rounds)%n", "total",
                total, totalKb);
        return CommandLine.OK;
    }

    /** A household as the batch workers hold it, and what each step makes of it. */
    private static final class Input {
        final String id;
        final JsonNode record;
        final Map<String, JsonNode> headers;
        ObjectNode data;
        JsonNode event;
        JsonNode[] translated;

        Input(String id, JsonNode record, Map<String, JsonNode> headers) {
            this.id = id;
            this.record = record;
            this.headers = headers;
        }
    }

    private static List<Input> read(Path home, Partner.InboundMessageType flux, int households) throws Exception {
        ByteArrayOutputStream file = new ByteArrayOutputStream(households * 6_000);
        new CafFluxGenerator(7, CafFluxGenerator.DEFAULT_DEPARTEMENT).write(households, file);
        XmlRecordFormat format = XmlRecordFormat.compile(home.resolve(flux.schema()), flux.record(),
                CafFluxGenerator.CHARSET);
        List<Input> inputs = new ArrayList<>(households);
        try (RecordStream records = format.open(new ByteArrayInputStream(file.toByteArray()))) {
            while (records.hasNext()) {
                RecordStream.BatchRecord record = records.next();
                check(record.outcome());
                inputs.add(new Input("bench-" + inputs.size(), record.tree(), Map.copyOf(records.headers())));
            }
        }
        return inputs;
    }

    /** What identity resolution adds to each person before delivery: a pseudonym. */
    private static void subjects(ObjectNode data) {
        int i = 0;
        for (JsonNode person : data.path("persons")) {
            ((ObjectNode) person).put("subject", "pseudonym-" + Integer.toHexString(data.hashCode()) + "-" + i++);
        }
    }

    private static void check(OperationOutcome outcome) {
        if (outcome.hasErrors()) {
            throw new IllegalStateException("a generated household fails a step: " + outcome.issue().get(0)
                    .diagnostics());
        }
    }

    private static int positive(String option, String value) {
        try {
            int n = Integer.parseInt(value.trim());
            if (n > 0) {
                return n;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new IllegalArgumentException(option + " must be a positive whole number, got '" + value + "'");
    }
}
