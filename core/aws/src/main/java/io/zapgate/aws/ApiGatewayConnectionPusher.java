package io.zapgate.aws;

import io.zapgate.core.error.ErrorCode;
import io.zapgate.core.error.ZapgateException;
import io.zapgate.core.session.ConnectionPusher;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.http.ContentStreamProvider;
import software.amazon.awssdk.http.HttpExecuteRequest;
import software.amazon.awssdk.http.HttpExecuteResponse;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.SdkHttpMethod;
import software.amazon.awssdk.http.SdkHttpRequest;
import software.amazon.awssdk.http.auth.aws.signer.AwsV4HttpSigner;
import software.amazon.awssdk.http.auth.spi.signer.SignedRequest;
import software.amazon.awssdk.utils.http.SdkHttpUtils;

/**
 * Posts frames to WebSocket clients through API Gateway's Management API ({@code POST
 * <stage URL>/@connections/<id>}, SigV4-signed for {@code execute-api}). The call is made with the SDK's own
 * signer and HTTP client: the generated {@code apigatewaymanagementapi} client is not available to this
 * build, and this is its only operation we use. 410 means the client is gone.
 */
public final class ApiGatewayConnectionPusher implements ConnectionPusher {
    private static final String SERVICE = "execute-api";
    private final SdkHttpClient http;
    private final String endpoint;
    private final String region;
    private final AwsCredentialsProvider credentials;
    private final AwsV4HttpSigner signer = AwsV4HttpSigner.create();

    /** @param endpoint the stage's https URL (e.g. {@code https://abc.execute-api.eu-west-1.amazonaws.com/live}) */
    public ApiGatewayConnectionPusher(
            SdkHttpClient http, URI endpoint, String region, AwsCredentialsProvider credentials) {
        this.http = http;
        String e = endpoint.toString();
        this.endpoint = e.endsWith("/") ? e.substring(0, e.length() - 1) : e;
        this.region = region;
        this.credentials = credentials;
    }

    /** With the lightweight URL-connection client and the target's credentials. */
    public static ApiGatewayConnectionPusher create(AwsClients.Target target, URI endpoint) {
        return new ApiGatewayConnectionPusher(AwsClients.http(), endpoint, target.region(), target.credentials());
    }

    @Override
    public Result push(String connectionId, String text) {
        byte[] body = text.getBytes(StandardCharsets.UTF_8);
        SdkHttpRequest request = SdkHttpRequest.builder()
                .method(SdkHttpMethod.POST)
                .uri(URI.create(endpoint + "/@connections/" + SdkHttpUtils.urlEncode(connectionId)))
                .putHeader("Content-Type", "application/json")
                .putHeader("Content-Length", Integer.toString(body.length))
                .build();
        int status;
        try {
            SignedRequest signed = signer.sign(r -> r.identity(credentials.resolveCredentials())
                    .request(request)
                    .payload(ContentStreamProvider.fromByteArray(body))
                    .putProperty(AwsV4HttpSigner.SERVICE_SIGNING_NAME, SERVICE)
                    .putProperty(AwsV4HttpSigner.REGION_NAME, region));
            HttpExecuteResponse response = http.prepareRequest(HttpExecuteRequest.builder()
                            .request(signed.request())
                            .contentStreamProvider(signed.payload().orElse(null))
                            .build())
                    .call();
            status = response.httpResponse().statusCode();
            drain(response);
        } catch (IOException | UncheckedIOException | SdkException e) {
            throw new ZapgateException(ErrorCode.UNAVAILABLE, "WebSocket gateway unreachable", e);
        }
        if (status / 100 == 2) {
            return Result.OK;
        }
        if (status == 410) {
            return Result.GONE;
        }
        throw new ZapgateException(ErrorCode.UNAVAILABLE, "WebSocket gateway answered HTTP " + status);
    }

    private static void drain(HttpExecuteResponse response) throws IOException {
        if (response.responseBody().isPresent()) {
            try (InputStream in = response.responseBody().get()) {
                in.transferTo(java.io.OutputStream.nullOutputStream());
            }
        }
    }
}
