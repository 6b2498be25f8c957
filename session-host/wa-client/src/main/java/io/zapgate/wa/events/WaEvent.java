package io.zapgate.wa.events;

/**
 * An event of a WhatsApp companion client. Switch over it exhaustively; each record documents when it fires.
 */
public sealed interface WaEvent
        permits QrCode,
                QrTimeout,
                QrScannedWithoutMultidevice,
                PairingCode,
                PairSuccess,
                PairError,
                Connected,
                Disconnected,
                ConnectAttemptFailed,
                LoggedOut,
                TemporaryBan,
                StreamReplaced,
                ClientOutdated,
                ConnectFailure,
                StreamError,
                KeepAliveTimeout,
                KeepAliveRestored,
                CallOffer,
                OfflineSyncPreview,
                OfflineSyncCompleted {}
