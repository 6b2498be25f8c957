package io.zapgate.local;

import static org.assertj.core.api.Assertions.assertThat;

import io.zapgate.aws.local.SamTemplate;
import io.zapgate.functions.support.Services;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The optional WAF front door (EnableWaf): a CloudFront distribution with a rate-based web ACL in front of the
 * HTTP API, adding the origin header the functions check, under the variable they read. Both templates that
 * define the ACL pass AWS's offline validator.
 */
class WafTemplateTest {
    private static final Path WAF_TEMPLATE =
            Path.of("../waf/web-acl.yaml").toAbsolutePath().normalize();
    private final SamTemplate template = SamTemplate.parse(LocalStack.templateText());

    @Test
    void theDistributionAddsTheHeaderTheFunctionsCheck() {
        Map<String, Object> config = SamTemplate.map(template.resourcesOfType("AWS::CloudFront::Distribution")
                .get("ApiDistribution")
                .get("DistributionConfig"));
        Map<String, Object> origin = SamTemplate.map(((List<?>) config.get("Origins")).get(0));
        Map<String, Object> header = SamTemplate.map(((List<?>) origin.get("OriginCustomHeaders")).get(0));

        assertThat(header.get("HeaderName")).isEqualTo(Services.ORIGIN_HEADER);
        assertThat(header.get("HeaderValue")).isEqualTo(Map.of("Ref", "OriginVerifySecret"));
        assertThat(template.globalEnvironment()).containsKey("ZAPGATE_ORIGIN_VERIFY_SECRET");
        assertThat(SamTemplate.map(template.parameters().get("EnableWaf")).get("Default"))
                .isEqualTo("false");
    }

    @Test
    void theAclBlocksAnAddressOverItsRateWithTheContractsEnvelope() {
        Map<String, Object> acl = template.resourcesOfType("AWS::WAFv2::WebACL").get("ApiWebAcl");
        Map<String, Object> rule = SamTemplate.map(((List<?>) acl.get("Rules")).get(0));
        Map<String, Object> rate =
                SamTemplate.map(SamTemplate.map(rule.get("Statement")).get("RateBasedStatement"));

        assertThat(acl.get("Scope")).isEqualTo("CLOUDFRONT");
        assertThat(rate.get("AggregateKeyType")).isEqualTo("IP");
        assertThat(rate.get("Limit")).isEqualTo(Map.of("Ref", "WafRequestsPer5Minutes"));
        assertThat(acl.toString()).contains("Rate limit exceeded. Try again later.");
    }

    @Test
    void theStandaloneAclForOtherRegionsValidatesAndMatches() throws Exception {
        CfnValidator.Result r = CfnValidator.validate(WAF_TEMPLATE);
        assertThat(r.exit()).as(r.output()).isZero();
        Map<String, Object> standalone = SamTemplate.parse(Files.readString(WAF_TEMPLATE))
                .resourcesOfType("AWS::WAFv2::WebACL")
                .get("ApiWebAcl");
        assertThat(standalone)
                .isEqualTo(template.resourcesOfType("AWS::WAFv2::WebACL").get("ApiWebAcl"));
    }
}
