package io.zapgate.sessionhost.contract;

import io.zapgate.aws.AwsIntegration;
import io.zapgate.core.crypto.AesGcmSecretCipher;
import io.zapgate.sessionhost.store.DynamoDbSavedSessions;
import io.zapgate.sessionhost.store.SavedSessions;
import io.zapgate.sessionhost.store.SessionsTable;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.Base64;

/** The saved-sessions contract on the DynamoDB adapter (encrypted items), against DynamoDB Local. */
class DynamoDbSavedSessionsContractIT extends SavedSessionsContract {
    private final AwsIntegration aws = AwsIntegration.get();
    private final SavedSessions saved = new DynamoDbSavedSessions(new SessionsTable(
            aws.dynamo,
            aws.refs.get("SessionsTable"),
            AesGcmSecretCipher.fromText(Base64.getEncoder().encodeToString(new SecureRandom().generateSeed(32))),
            Clock.systemUTC()));

    @Override
    protected SavedSessions saved() {
        return saved;
    }
}
