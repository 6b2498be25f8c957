package io.zapgate.wa.events;

/**
 * Fires when the server announces, right after a login, how much it queued while this companion was offline
 * and is about to deliver ({@code <ib><offline_preview count appdata message notification receipt/></ib>};
 * whatsmeow {@code connectionevents.go} {@code handleIB}, {@code types/events} {@code OfflineSyncPreview}).
 * The stanzas themselves follow; {@link OfflineSyncCompleted} fires once all were delivered. Missing or
 * unreadable counts are 0.
 *
 * @param total all queued stanzas ({@code count})
 * @param appDataChanges queued app-state changes ({@code appdata})
 * @param messages queued messages ({@code message})
 * @param notifications queued notifications ({@code notification})
 * @param receipts queued receipts ({@code receipt})
 */
public record OfflineSyncPreview(int total, int appDataChanges, int messages, int notifications, int receipts)
        implements WaEvent {}
