package io.zapgate.core.usecase;

import io.zapgate.core.command.CommandBus;
import io.zapgate.core.command.CommandHeader;
import io.zapgate.core.command.InstanceCommand;
import io.zapgate.core.error.ZapgateException;
import io.zapgate.core.instance.Fields;
import io.zapgate.core.instance.Instance;
import io.zapgate.core.instance.ProxyPatch;
import io.zapgate.core.instance.ProxySettings;
import io.zapgate.core.instance.S3Patch;
import io.zapgate.core.instance.S3Settings;
import io.zapgate.core.instance.Settings;
import io.zapgate.core.instance.SettingsPatch;
import io.zapgate.core.port.InstanceRepository;
import java.time.Clock;

/**
 * Updates an instance's settings, proxy and S3 blocks. A patch is applied to the block as stored at the moment
 * of the write (not to the copy loaded for the request), so concurrent partial updates of different fields all
 * land. Settings are also sent to the session host so a live session applies them at once; proxy changes apply
 * at the next connect.
 */
public final class ConfigureInstance {
    private static final io.zapgate.core.log.Log LOG = io.zapgate.core.log.Log.get(ConfigureInstance.class);
    private final InstanceRepository instances;
    private final CommandBus commands;
    private final Clock clock;

    public ConfigureInstance(InstanceRepository instances, CommandBus commands, Clock clock) {
        this.instances = instances;
        this.commands = commands;
        this.clock = clock;
    }

    public Settings updateSettings(Instance instance, SettingsPatch patch) {
        if (patch.isEmpty()) {
            throw ZapgateException.badRequest("At least one setting is required");
        }
        Settings next = instances.changeSettings(instance, patch::applyTo);
        try {
            commands.send(new InstanceCommand.ApplySettings(CommandHeader.issue(
                    instance.accountId(),
                    instance.name(),
                    instance.id(),
                    clock.instant(),
                    InstanceCommand.SETTINGS_LIFETIME)));
        } catch (ZapgateException e) {
            // stored all the same: a live session picks the settings up at its next login
            LOG.warn("settings stored but not sent to the live session", e, "instance", instance.name());
        }
        return next;
    }

    public ProxySettings updateProxy(Instance instance, ProxyPatch patch) {
        if (patch.isEmpty()) {
            throw ZapgateException.badRequest("At least one proxy field is required");
        }
        return instances.changeProxy(instance, current -> patch.applyTo(current, Fields.BARE));
    }

    /**
     * Replaces the webhook block with {@code requested}, keeping the stored signing secret (a new one when none
     * is stored), so receivers keep verifying signatures across updates.
     */
    public io.zapgate.core.instance.WebhookSettings setWebhook(
            Instance instance, io.zapgate.core.instance.WebhookSettings requested) {
        return instances.changeWebhook(
                instance,
                stored -> new io.zapgate.core.instance.WebhookSettings(
                        requested.enabled(),
                        requested.urls(),
                        requested.authorization(),
                        requested.byEvents(),
                        requested.events(),
                        requested.mediaBase64(),
                        stored.signingSecret() != null
                                ? stored.signingSecret()
                                : requested.signingSecret() != null
                                        ? requested.signingSecret()
                                        : "whsec_" + io.zapgate.core.auth.Tokens.generate(),
                        requested.format(),
                        requested.headers(),
                        clock.instant()));
    }

    public S3Settings updateS3(Instance instance, S3Patch patch) {
        if (patch.isEmpty()) {
            throw ZapgateException.badRequest("At least one S3 field is required");
        }
        return instances.changeS3(instance, current -> patch.applyTo(current, Fields.BARE));
    }
}
