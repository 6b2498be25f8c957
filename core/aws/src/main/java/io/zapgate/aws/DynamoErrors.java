package io.zapgate.aws;

import io.zapgate.core.error.ErrorCode;
import io.zapgate.core.error.ZapgateException;
import io.zapgate.core.log.Log;
import java.util.function.Supplier;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.TransactionCanceledException;

/** Translates SDK failures into the domain's error family before they cross a port. */
final class DynamoErrors {
    private static final Log LOG = Log.get(DynamoErrors.class);

    private DynamoErrors() {}

    static <T> T call(String operation, Supplier<T> call) {
        try {
            return call.get();
        } catch (ZapgateException e) {
            throw e;
        } catch (ConditionalCheckFailedException | TransactionCanceledException expected) {
            // an outcome, not a fault: callers map it by inspecting the cause
            throw new ZapgateException(ErrorCode.CONFLICT, "Condition failed", expected);
        } catch (SdkException e) {
            LOG.warn("storage call failed", e, "operation", operation);
            throw new ZapgateException(ErrorCode.UNAVAILABLE, "Storage temporarily unavailable, try again", e);
        }
    }
}
