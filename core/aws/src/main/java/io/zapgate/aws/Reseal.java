package io.zapgate.aws;

import io.zapgate.core.crypto.AesGcmSecretCipher;
import io.zapgate.core.crypto.SecretCipher;
import io.zapgate.core.crypto.SecretCipherException;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.ScanRequest;

/**
 * The offline re-seal sweep: reads every stored secret (the instances table's proxy password, S3 secret key,
 * webhook authorization / signing secret / headers, Chatwoot token; the sessions table's device and pre-keys),
 * and seals again with the current cipher each one that is not sealed by it yet — typically the values of the
 * former local key ring ({@code v1:}/{@code v2:}) after a move to KMS, so the raw ring never has to be in a
 * Lambda environment. Also usable to retire an old key of a ring (no KMS): then "current" is the ring's first
 * key.
 *
 * <p>Each value is replaced by a conditional write ({@code attribute = the value read}), so a value written
 * concurrently by the stack (always sealed by the current cipher) is never overwritten: it is counted as
 * {@code concurrent} and left alone. The sweep is idempotent (values already current are skipped), so an
 * interrupted run is resumed by running it again. A value that cannot be opened ({@link SecretCipherException}:
 * a key missing from the ring) is counted as {@code unreadable} and left as it is; KMS or DynamoDB being
 * unreachable stops the run.
 *
 * <p>Run it as {@code ./zapgate reseal} (docs/operations.md). Configuration from the environment only, the key
 * ring never on the command line: {@code ZAPGATE_INSTANCES_TABLE}, {@code ZAPGATE_SESSIONS_TABLE} (either may
 * be omitted to skip that table), {@code ZAPGATE_KMS_KEY_ID} (the target; unset = re-seal under the ring's
 * first key), the old ring in {@code ZAPGATE_ENCRYPTION_KEY} or, with {@code --key-ring-stdin}, on standard
 * input; {@code AWS_REGION}, optional {@code ZAPGATE_DYNAMODB_ENDPOINT} / {@code ZAPGATE_KMS_ENDPOINT}.
 * {@code --dry-run} counts without writing.
 */
public final class Reseal {
    /** A sealed attribute: top level ({@code map} null) or inside a map attribute; context field name. */
    record Sealed(String map, String attribute, String field) {}

    /** The instances table (key accountId + name, the instance id in {@code id}). */
    static final List<Sealed> INSTANCE_SECRETS = List.of(
            new Sealed("proxy", "password", "proxy.password"),
            new Sealed("s3", "secretKey", "s3.secretKey"),
            new Sealed("webhook", "authorization", "webhook.authorization"),
            new Sealed("webhook", "signingSecret", "webhook.signingSecret"),
            new Sealed("webhook", "headers", "webhook.headers"),
            new Sealed("chatwoot", "apiToken", "chatwoot.apiToken"));

    /** The sessions table (key instanceId); the session host's SessionsTable seals these. */
    static final List<Sealed> SESSION_SECRETS =
            List.of(new Sealed(null, "device", "device"), new Sealed(null, "preKeys", "preKeys"));

    /** What one run did to one table. */
    public record Counts(long rows, long values, long resealed, long current, long concurrent, long unreadable) {
        Counts plus(Counts o) {
            return new Counts(
                    rows + o.rows,
                    values + o.values,
                    resealed + o.resealed,
                    current + o.current,
                    concurrent + o.concurrent,
                    unreadable + o.unreadable);
        }

        @Override
        public String toString() {
            return "rows=" + rows + " values=" + values + " resealed=" + resealed + " alreadyCurrent=" + current
                    + " concurrentlyChanged=" + concurrent + " unreadable=" + unreadable;
        }
    }

    private final DynamoDbClient dynamo;
    private final SecretCipher cipher;
    private final Predicate<String> isCurrent;
    private final boolean dryRun;
    private final PrintStream log;

    /**
     * @param cipher opens every stored format still in use (e.g. {@link KmsSecretCipher} with the old ring as
     *     legacy) and seals in the current one
     * @param isCurrent whether a stored value is already sealed the current way (see {@link #currentFormat})
     */
    public Reseal(
            DynamoDbClient dynamo, SecretCipher cipher, Predicate<String> isCurrent, boolean dryRun, PrintStream log) {
        this.dynamo = dynamo;
        this.cipher = cipher;
        this.isCurrent = isCurrent;
        this.dryRun = dryRun;
        this.log = log;
    }

    /** KMS target: {@code v3:kms:} values are current; ring target: values naming the ring's first key. */
    public static Predicate<String> currentFormat(SecretCipher target) {
        if (target instanceof AesGcmSecretCipher ring) {
            String kid = ring.currentKeyId();
            return v -> kid.equals(AesGcmSecretCipher.keyIdOf(v));
        }
        return v -> v.startsWith(KmsSecretCipher.PREFIX);
    }

    public Counts instances(String table) {
        return sweep(table, List.of("accountId", "name"), "id", INSTANCE_SECRETS);
    }

    public Counts sessions(String table) {
        return sweep(table, List.of("instanceId"), "instanceId", SESSION_SECRETS);
    }

    private Counts sweep(String table, List<String> keyNames, String idAttribute, List<Sealed> secrets) {
        Counts total = new Counts(0, 0, 0, 0, 0, 0);
        ScanRequest scan =
                ScanRequest.builder().tableName(table).consistentRead(true).build();
        for (var page : dynamo.scanPaginator(scan)) {
            for (Map<String, AttributeValue> row : page.items()) {
                total = total.plus(row(table, keyNames, idAttribute, secrets, row));
            }
        }
        log.println("reseal " + table + (dryRun ? " (dry run): " : ": ") + total);
        return total;
    }

    private Counts row(
            String table,
            List<String> keyNames,
            String idAttribute,
            List<Sealed> secrets,
            Map<String, AttributeValue> row) {
        AttributeValue idValue = row.get(idAttribute);
        if (idValue == null || idValue.s() == null) {
            return new Counts(1, 0, 0, 0, 0, 0);
        }
        String id = idValue.s();
        long values = 0, resealed = 0, current = 0, concurrent = 0, unreadable = 0;
        for (Sealed s : secrets) {
            String stored = valueOf(row, s);
            if (stored == null) {
                continue;
            }
            values++;
            if (isCurrent.test(stored)) {
                current++;
                continue;
            }
            String context = id + "/" + s.field();
            String plain;
            try {
                plain = cipher.decrypt(stored, context);
            } catch (SecretCipherException e) {
                unreadable++;
                log.println("reseal " + table + ": unreadable " + context + " (" + e.getMessage() + "), left as is");
                continue;
            }
            if (dryRun) {
                resealed++;
                continue;
            }
            String next = cipher.encrypt(plain, context);
            if (replace(table, keyNames, idAttribute, id, row, s, stored, next)) {
                resealed++;
            } else {
                concurrent++;
            }
        }
        return new Counts(1, values, resealed, current, concurrent, unreadable);
    }

    private boolean replace(
            String table,
            List<String> keyNames,
            String idAttribute,
            String id,
            Map<String, AttributeValue> row,
            Sealed s,
            String stored,
            String next) {
        Map<String, AttributeValue> key = new HashMap<>();
        keyNames.forEach(k -> key.put(k, row.get(k)));
        Map<String, String> names = new HashMap<>();
        names.put("#a", s.attribute());
        names.put("#id", idAttribute);
        if (s.map() != null) {
            names.put("#m", s.map());
        }
        String path = s.map() == null ? "#a" : "#m.#a";
        try {
            dynamo.updateItem(b -> b.tableName(table)
                    .key(key)
                    .updateExpression("SET " + path + " = :next")
                    .conditionExpression("#id = :id AND " + path + " = :old")
                    .expressionAttributeNames(names)
                    .expressionAttributeValues(Map.of(
                            ":next",
                            AttributeValue.fromS(next),
                            ":old",
                            AttributeValue.fromS(stored),
                            ":id",
                            AttributeValue.fromS(id))));
            return true;
        } catch (ConditionalCheckFailedException e) {
            return false;
        }
    }

    private static String valueOf(Map<String, AttributeValue> row, Sealed s) {
        AttributeValue v;
        if (s.map() == null) {
            v = row.get(s.attribute());
        } else {
            AttributeValue m = row.get(s.map());
            v = m == null || !m.hasM() ? null : m.m().get(s.attribute());
        }
        return v == null ? null : v.s();
    }

    public static void main(String[] args) throws IOException {
        System.exit(run(args, System.getenv(), System.in, System.out, System.err));
    }

    /**
     * The command line without {@code System.exit}: {@code args} only flags, the configuration from {@code env},
     * the ring (with {@code --key-ring-stdin}) from the first line of {@code stdin}.
     *
     * @return 2 for a usage or configuration error, 1 when some values could not be opened, else 0
     */
    static int run(String[] args, Map<String, String> env, InputStream stdin, PrintStream out, PrintStream err)
            throws IOException {
        boolean dryRun = false;
        boolean stdinRing = false;
        for (String a : args) {
            switch (a) {
                case "--dry-run" -> dryRun = true;
                case "--key-ring-stdin" -> stdinRing = true;
                default -> {
                    err.println("usage: reseal [--dry-run] [--key-ring-stdin]   (configuration: environment,"
                            + " see docs/operations.md; the key ring is never an argument)");
                    return 2;
                }
            }
        }
        String instances = blank(env.get("ZAPGATE_INSTANCES_TABLE"));
        String sessions = blank(env.get("ZAPGATE_SESSIONS_TABLE"));
        if (instances == null && sessions == null) {
            err.println("reseal: set ZAPGATE_INSTANCES_TABLE and/or ZAPGATE_SESSIONS_TABLE");
            return 2;
        }
        String ring = stdinRing ? readLine(stdin) : blank(env.get("ZAPGATE_ENCRYPTION_KEY"));
        String kmsKeyId = blank(env.get("ZAPGATE_KMS_KEY_ID"));
        String region = blank(env.get("AWS_REGION"));
        if (region == null) {
            region = "us-east-1";
        }
        String dynamoEndpoint = blank(env.get("ZAPGATE_DYNAMODB_ENDPOINT"));
        String kmsEndpoint = blank(env.get("ZAPGATE_KMS_ENDPOINT"));
        AwsClients.Target target = dynamoEndpoint == null
                ? AwsClients.Target.real(region)
                : new AwsClients.Target(region, URI.create(dynamoEndpoint), null, "local", "local");
        SecretCipher cipher;
        try {
            cipher = SecretCiphers.from(
                    kmsKeyId,
                    ring,
                    kmsEndpoint == null ? AwsClients.Target.real(region) : target,
                    kmsEndpoint == null ? null : URI.create(kmsEndpoint));
        } catch (IllegalArgumentException | IllegalStateException e) {
            // a missing KMS key / ring or a malformed ring; the messages never quote key material
            err.println("reseal: " + e.getMessage());
            return 2;
        }
        try (DynamoDbClient dynamo = AwsClients.dynamoDb(target)) {
            Reseal reseal = new Reseal(dynamo, cipher, currentFormat(cipher), dryRun, out);
            Counts all = new Counts(0, 0, 0, 0, 0, 0);
            if (instances != null) {
                all = all.plus(reseal.instances(instances));
            }
            if (sessions != null) {
                all = all.plus(reseal.sessions(sessions));
            }
            out.println("reseal total" + (dryRun ? " (dry run): " : ": ") + all);
            // still-unreadable or concurrently changed values: run again / look at the log before dropping the ring
            return all.unreadable() > 0 ? 1 : 0;
        }
    }

    private static String readLine(InputStream stdin) throws IOException {
        var in = new BufferedReader(new InputStreamReader(stdin, StandardCharsets.UTF_8));
        return blank(in.readLine());
    }

    private static String blank(String s) {
        return s == null || s.isBlank() ? null : s.trim();
    }
}
