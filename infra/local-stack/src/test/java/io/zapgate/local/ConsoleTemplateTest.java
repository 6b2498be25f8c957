package io.zapgate.local;

import static org.assertj.core.api.Assertions.assertThat;

import io.zapgate.aws.local.SamTemplate;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The optional console hosting (EnableConsole, off by default): a private bucket read only by the console's
 * CloudFront distribution (origin access control), and CORS on the HTTP API for that origin only when it is on.
 * The whole template passes the offline validator in {@link TemplateValidationTest}.
 */
class ConsoleTemplateTest {
    private final SamTemplate template = SamTemplate.parse(LocalStack.templateText());

    @Test
    void offByDefaultAndThePrivateBucketIsReadOnlyByTheDistribution() {
        assertThat(SamTemplate.map(template.parameters().get("EnableConsole")).get("Default"))
                .isEqualTo("false");
        Map<String, Object> bucket = template.resourcesOfType("AWS::S3::Bucket").get("ConsoleBucket");
        assertThat(SamTemplate.map(bucket.get("PublicAccessBlockConfiguration")))
                .containsEntry("BlockPublicAcls", true)
                .containsEntry("BlockPublicPolicy", true)
                .containsEntry("IgnorePublicAcls", true)
                .containsEntry("RestrictPublicBuckets", true);
        Map<String, Object> config = SamTemplate.map(template.resourcesOfType("AWS::CloudFront::Distribution")
                .get("ConsoleDistribution")
                .get("DistributionConfig"));
        Map<String, Object> origin = SamTemplate.map(((List<?>) config.get("Origins")).get(0));
        assertThat(origin).containsKey("OriginAccessControlId");
        assertThat(config.get("DefaultRootObject")).isEqualTo("index.html");
        String policy = template.resourcesOfType("AWS::S3::BucketPolicy")
                .get("ConsoleBucketPolicy")
                .toString();
        assertThat(policy)
                .contains("cloudfront.amazonaws.com")
                .contains("AWS:SourceArn")
                .contains("s3:GetObject");
    }

    @Test
    void theApiAllowsTheConsolesOriginOnlyWhenTheConsoleIsOn() {
        Map<String, Object> api =
                template.resourcesOfType("AWS::Serverless::HttpApi").get("ZapgateApi");
        List<?> cors = (List<?>) SamTemplate.map(api.get("CorsConfiguration")).get("Fn::If");
        assertThat(cors.get(0)).isEqualTo("ConsoleOn");
        assertThat(cors.get(1).toString())
                .contains("ConsoleDistribution.DomainName")
                .contains("token");
        assertThat(cors.get(2)).isEqualTo(Map.of("Ref", "AWS::NoValue"));
    }
}
