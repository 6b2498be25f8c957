package io.zapgate.sessionhost.fleet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.zapgate.core.session.SessionLeases.Host;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class FairShareTest {
    private static final FairShare.Policy DEFAULT = FairShare.Policy.DEFAULT;

    private static Host host(String id, int sessions) {
        return new Host(id, null, sessions, Instant.EPOCH);
    }

    @Test
    void theShareIsTheCeilingOfAllSessionsOverTheLiveHosts() {
        FairShare s = FairShare.of("a", 3, List.of(host("a", 99), host("b", 3), host("c", 0)), 1, DEFAULT);
        assertThat(s.total()).as("our own count, not our stale heartbeat").isEqualTo(7);
        assertThat(s.hosts()).isEqualTo(3);
        assertThat(s.share()).isEqualTo(3);
        assertThat(new FairShare(0, 4, DEFAULT).share()).isZero();
        assertThat(new FairShare(9, 3, DEFAULT).share()).isEqualTo(3);
    }

    @Test
    void withoutHeartbeatsAHostIsAloneAndAdoptsEverything() {
        FairShare s = FairShare.of("a", 2, List.of(), 40, DEFAULT);
        assertThat(s.hosts()).isEqualTo(1);
        assertThat(s.adoptCap(2)).isEqualTo(40);
        assertThat(s.toRelease(2)).isZero();
    }

    @Test
    void aNewHostMayAdoptUpToItsShareAndTheOthersReleaseDownToItGradually() {
        // two hosts with 6 each, a third joins with none: share 4
        FairShare joining = FairShare.of("c", 0, List.of(host("a", 6), host("b", 6)), 0, DEFAULT);
        assertThat(joining.share()).isEqualTo(4);
        assertThat(joining.adoptCap(0)).isEqualTo(4);
        FairShare a = FairShare.of("a", 6, List.of(host("a", 6), host("b", 6), host("c", 0)), 0, DEFAULT);
        assertThat(a.toRelease(6)).as("6 > 4 + 1: down to 4, at most 2 a sweep").isEqualTo(2);
        assertThat(new FairShare(12, 3, new FairShare.Policy(1, 1)).toRelease(6))
                .isEqualTo(1);
        assertThat(a.toRelease(5)).as("within the slack").isZero();
        assertThat(a.adoptCap(6)).isZero();
        assertThat(new FairShare(12, 3, new FairShare.Policy(0, 2)).toRelease(5))
                .isEqualTo(1);
        assertThat(new FairShare(12, 3, new FairShare.Policy(1, 0)).toRelease(12))
                .as("0 per sweep turns rebalancing off")
                .isZero();
    }

    @Test
    void afterAHostDiesTheSurvivorsSharesCoverAllItsOrphans() {
        // 3 hosts of 5, one dies: its 5 are orphans; each survivor sees the other one and the orphans
        FairShare a = FairShare.of("a", 5, List.of(host("a", 5), host("b", 5)), 5, DEFAULT);
        FairShare b = FairShare.of("b", 5, List.of(host("a", 5), host("b", 5)), 5, DEFAULT);
        assertThat(a.adoptCap(5) + b.adoptCap(5)).isGreaterThanOrEqualTo(5);
    }

    @Test
    void thePolicyComesFromTheEnvironment() {
        assertThat(FairShare.Policy.from(Map.of())).isEqualTo(new FairShare.Policy(1, 2));
        assertThat(FairShare.Policy.from(Map.of("ZAPGATE_FAIR_SHARE_SLACK", "0", "ZAPGATE_REBALANCE_PER_SWEEP", "5")))
                .isEqualTo(new FairShare.Policy(0, 5));
        assertThatThrownBy(() -> FairShare.Policy.from(Map.of("ZAPGATE_FAIR_SHARE_SLACK", "-1")))
                .hasMessageContaining("ZAPGATE_FAIR_SHARE_SLACK");
    }
}
