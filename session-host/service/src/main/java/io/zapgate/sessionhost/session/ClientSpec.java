package io.zapgate.sessionhost.session;

import io.zapgate.wa.store.DeviceStore;
import io.zapgate.wa.store.PreKeyStore;
import io.zapgate.wa.transport.ProxyConfig;

/**
 * What one client is built from: its instance, its stores, the proxy its socket goes through (null = direct)
 * and the days of history to ask for at pairing (0 = none asked).
 */
public record ClientSpec(
        String instanceId, DeviceStore deviceStore, PreKeyStore preKeyStore, ProxyConfig proxy, int historyDays) {}
