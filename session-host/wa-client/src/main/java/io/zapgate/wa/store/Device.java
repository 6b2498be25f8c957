package io.zapgate.wa.store;

import io.zapgate.wa.binary.Jid;
import io.zapgate.wa.crypto.KeyPair;
import io.zapgate.wa.crypto.RegistrationId;
import io.zapgate.wa.crypto.SignedPreKey;
import java.security.SecureRandom;
import java.util.Objects;
import java.util.Optional;

/**
 * The keys and identity of one companion device (whatsmeow {@code store.Device}; spec §6.1). Immutable: every
 * change returns a new instance.
 *
 * <p>When it exists: {@link #generate()} creates a fresh, unpaired device (keys, registration id, adv secret)
 * before the first connection; it lives only in memory until pairing succeeds, when {@link #paired} adds the
 * own JID, LID, account identity, platform and business name, and the result is saved. A device is "paired"
 * iff it has a JID; only then does the client log in instead of registering.
 *
 * <p>{@code account} is the serialized {@code ADVSignedDeviceIdentity} as verified and counter-signed by us:
 * details, accountSignatureKey (the primary's identity key), accountSignature and our deviceSignature.
 * {@link #toString()} never shows private keys or secrets.
 */
public final class Device {
    /** Signed pre-key id both reference libraries use (spec §2.4). */
    public static final int SIGNED_PRE_KEY_ID = 1;
    /** Length of the adv secret key. */
    public static final int ADV_SECRET_LENGTH = 32;

    private final KeyPair noiseKey;
    private final KeyPair identityKey;
    private final SignedPreKey signedPreKey;
    private final int registrationId;
    private final byte[] advSecretKey;
    private final Jid jid;
    private final Jid lid;
    private final byte[] account;
    private final String platform;
    private final String businessName;
    private final String pushName;

    private Device(
            KeyPair noiseKey,
            KeyPair identityKey,
            SignedPreKey signedPreKey,
            int registrationId,
            byte[] advSecretKey,
            Jid jid,
            Jid lid,
            byte[] account,
            String platform,
            String businessName,
            String pushName) {
        this.noiseKey = Objects.requireNonNull(noiseKey, "noiseKey");
        this.identityKey = Objects.requireNonNull(identityKey, "identityKey");
        this.signedPreKey = Objects.requireNonNull(signedPreKey, "signedPreKey");
        this.registrationId = registrationId;
        if (advSecretKey == null || advSecretKey.length != ADV_SECRET_LENGTH) {
            throw new IllegalArgumentException("adv secret key must be 32 bytes");
        }
        this.advSecretKey = advSecretKey.clone();
        this.jid = jid;
        this.lid = lid;
        this.account = account == null ? null : account.clone();
        this.platform = platform == null ? "" : platform;
        this.businessName = businessName == null ? "" : businessName;
        this.pushName = pushName == null ? "" : pushName;
    }

    /** A fresh unpaired device with random keys (whatsmeow {@code Container.NewDevice}). */
    public static Device generate() {
        return generate(new SecureRandom());
    }

    /** A fresh unpaired device drawing its keys from {@code random}. */
    public static Device generate(SecureRandom random) {
        KeyPair identity = KeyPair.generate(random);
        byte[] adv = new byte[ADV_SECRET_LENGTH];
        random.nextBytes(adv);
        return new Device(
                KeyPair.generate(random),
                identity,
                SignedPreKey.generate(identity, SIGNED_PRE_KEY_ID, random),
                RegistrationId.generate(random).value(),
                adv,
                null,
                null,
                null,
                null,
                null,
                null);
    }

    /**
     * Rebuilds a stored device, e.g. from a database row. {@code jid}, {@code lid} and {@code account} may be
     * null for an unpaired device; strings may be null (stored as empty).
     */
    public static Device restore(
            KeyPair noiseKey,
            KeyPair identityKey,
            SignedPreKey signedPreKey,
            int registrationId,
            byte[] advSecretKey,
            Jid jid,
            Jid lid,
            byte[] account,
            String platform,
            String businessName,
            String pushName) {
        return new Device(
                noiseKey,
                identityKey,
                signedPreKey,
                registrationId,
                advSecretKey,
                jid,
                lid,
                account,
                platform,
                businessName,
                pushName);
    }

    /** The device after a verified pair-success: own JID and LID, the account identity, platform, business name. */
    public Device paired(Jid ownJid, Jid ownLid, byte[] accountIdentity, String primaryPlatform, String bizName) {
        return new Device(
                noiseKey,
                identityKey,
                signedPreKey,
                registrationId,
                advSecretKey,
                Objects.requireNonNull(ownJid, "ownJid"),
                ownLid,
                Objects.requireNonNull(accountIdentity, "account"),
                primaryPlatform,
                bizName,
                pushName);
    }

    /** This device with another adv secret (the pairing-code flow derives a new one, spec §5.1 step 7). */
    public Device withAdvSecretKey(byte[] secret) {
        return new Device(
                noiseKey,
                identityKey,
                signedPreKey,
                registrationId,
                secret,
                jid,
                lid,
                account,
                platform,
                businessName,
                pushName);
    }

    /** This device with the LID the server reported in {@code <success lid=…>}. */
    public Device withLid(Jid ownLid) {
        return new Device(
                noiseKey,
                identityKey,
                signedPreKey,
                registrationId,
                advSecretKey,
                jid,
                ownLid,
                account,
                platform,
                businessName,
                pushName);
    }

    /** This device with another push name (the display name sent with presence). */
    public Device withPushName(String name) {
        return new Device(
                noiseKey,
                identityKey,
                signedPreKey,
                registrationId,
                advSecretKey,
                jid,
                lid,
                account,
                platform,
                businessName,
                name);
    }

    /** @return true once pairing succeeded (the device has its own JID) */
    public boolean isPaired() {
        return jid != null;
    }

    /** @return the Noise static key pair; its public half is what the server knows us by */
    public KeyPair noiseKey() {
        return noiseKey;
    }

    /** @return the Signal identity key pair */
    public KeyPair identityKey() {
        return identityKey;
    }

    /** @return the signed pre-key (id {@value #SIGNED_PRE_KEY_ID}) */
    public SignedPreKey signedPreKey() {
        return signedPreKey;
    }

    /** @return the Signal registration id (unsigned 32-bit value stored in an int) */
    public int registrationId() {
        return registrationId;
    }

    /** @return a copy of the 32-byte adv secret key (keys the pair-success HMAC) */
    public byte[] advSecretKey() {
        return advSecretKey.clone();
    }

    /** @return own AD JID {@code PHONE:D@s.whatsapp.net}, once paired */
    public Optional<Jid> jid() {
        return Optional.ofNullable(jid);
    }

    /** @return own LID {@code LIDUSER:D@lid}, if known */
    public Optional<Jid> lid() {
        return Optional.ofNullable(lid);
    }

    /** @return a copy of the serialized ADVSignedDeviceIdentity, once paired */
    public Optional<byte[]> account() {
        return Optional.ofNullable(account).map(byte[]::clone);
    }

    /** @return the primary's platform from pair-success, e.g. {@code android}; empty string if unknown */
    public String platform() {
        return platform;
    }

    /** @return the business name from pair-success; empty string if none */
    public String businessName() {
        return businessName;
    }

    /** @return the push name; empty string if none */
    public String pushName() {
        return pushName;
    }

    @Override
    public String toString() {
        return "Device[" + (jid == null ? "unpaired" : "paired") + ", platform=" + platform + ", keys=<redacted>]";
    }
}
