package io.zapgate.functions.http;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.zapgate.core.auth.Principal;
import io.zapgate.core.error.ErrorCode;
import io.zapgate.core.error.Messages;
import io.zapgate.core.error.ZapgateException;
import io.zapgate.core.instance.Instance;
import io.zapgate.core.instance.InstanceState;
import io.zapgate.core.instance.LastDisconnect;
import io.zapgate.core.instance.SettingsPatch;
import io.zapgate.core.instance.WebhookSettings;
import io.zapgate.core.log.Log;
import io.zapgate.core.ratelimit.RateLimitClass;
import io.zapgate.core.ratelimit.RateLimitDecision;
import io.zapgate.core.session.CommandResult;
import io.zapgate.core.usecase.AuthGate;
import io.zapgate.core.usecase.Authorizer;
import io.zapgate.core.usecase.CreateInstance;
import io.zapgate.core.usecase.DeleteInstance;
import io.zapgate.core.usecase.LinkInstance;
import io.zapgate.functions.events.EvolutionEvents;
import io.zapgate.functions.support.Services;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * Evolution API v2's instance routes ({@code /instance/*}, {@code /webhook/set|find}) over the same use cases as
 * the RyzeAPI routes: one router function. The key comes in {@code apikey} (an account token for Evolution's
 * global key, or the instance's own token); answers and errors keep Evolution's shapes (see
 * docs/evolution-api.md). Unlike Evolution, the key is checked before the instance is looked up, so an unknown
 * name never tells an unauthenticated caller whether it exists.
 */
public final class EvolutionApiHandler implements RequestHandler<APIGatewayV2HTTPEvent, APIGatewayV2HTTPResponse> {
    private static final Log LOG = Log.get(EvolutionApiHandler.class);
    static final String CREATE = "POST /instance/create";
    static final String CONNECT = "GET /instance/connect/{instance}";
    static final String STATE = "GET /instance/connectionState/{instance}";
    static final String FETCH = "GET /instance/fetchInstances";
    static final String RESTART = "POST /instance/restart/{instance}";
    static final String PRESENCE = "POST /instance/setPresence/{instance}";
    static final String LOGOUT = "DELETE /instance/logout/{instance}";
    static final String DELETE = "DELETE /instance/delete/{instance}";
    static final String WEBHOOK_SET = "POST /webhook/set/{instance}";
    static final String WEBHOOK_FIND = "GET /webhook/find/{instance}";
    /** Every route this function serves (template.yaml lists the same). */
    public static final List<String> ROUTES =
            List.of(CREATE, CONNECT, STATE, FETCH, RESTART, PRESENCE, LOGOUT, DELETE, WEBHOOK_SET, WEBHOOK_FIND);

    private final Services services;

    public EvolutionApiHandler() {
        this(Services.fromEnvironment());
    }

    public EvolutionApiHandler(Services services) {
        this.services = services;
    }

    @Override
    public APIGatewayV2HTTPResponse handleRequest(APIGatewayV2HTTPEvent event, Context context) {
        long start = System.nanoTime();
        ApiRequest request = new ApiRequest(event);
        Log.context("requestId", request.requestId());
        String route = event.getRouteKey() == null ? "" : event.getRouteKey();
        String subject = route.equals(FETCH) ? request.query("instanceName") : request.instanceParam();
        RateLimitDecision limit = null;
        APIGatewayV2HTTPResponse response;
        try {
            if (!services.originAllowed(request.header(Services.ORIGIN_HEADER))) {
                throw new ZapgateException(ErrorCode.FORBIDDEN, ApiHandler.ORIGIN_REFUSED);
            }
            AuthGate.Admission admission = services.authGate.admit(
                    apikey(request),
                    request.clientAddress(services.behindCloudFront()),
                    route.equals(CREATE) ? RateLimitClass.CREATE : RateLimitClass.GLOBAL);
            limit = admission.limit();
            if (!admission.admitted()) {
                throw admission.refusal();
            }
            response = route(route, request, admission.principal());
        } catch (RuntimeException e) {
            response = EvolutionErrors.map(e, subject == null ? "" : subject);
        }
        response = ApiHandler.withRateLimitHeaders(services, response, limit);
        LOG.info(
                "request",
                "method",
                request.method(),
                "route",
                route,
                "status",
                response.getStatusCode(),
                "ms",
                (System.nanoTime() - start) / 1_000_000);
        Log.clearContext();
        return response;
    }

    /** Evolution's {@code apikey} header; Zapgate's {@code token} / Bearer are accepted as well. */
    static String apikey(ApiRequest request) {
        String k = request.header("apikey");
        return k != null && !k.isBlank() ? k.trim() : request.token();
    }

    private APIGatewayV2HTTPResponse route(String route, ApiRequest request, Principal caller) {
        String name = request.instanceParam();
        return switch (route) {
            case CREATE -> create(request, caller);
            case CONNECT -> connect(request, caller, name);
            case STATE ->
                json(
                        200,
                        stateView(
                                name,
                                services.lookup.load(caller, name).connection().state()));
            case FETCH -> fetch(request, caller);
            case RESTART -> restart(caller, name);
            case PRESENCE -> presence(request, caller, name);
            case LOGOUT -> logout(caller, name);
            case DELETE -> delete(caller, name);
            case WEBHOOK_SET -> webhookSet(request, caller, name);
            case WEBHOOK_FIND -> webhookFind(caller, name);
            default -> throw ZapgateException.notFound("Not Found");
        };
    }

    private APIGatewayV2HTTPResponse create(ApiRequest request, Principal caller) {
        Principal.Account account = Authorizer.requireAccount(caller);
        EvolutionRequests.Create req = EvolutionRequests.create(JsonBody.parse(request.body(), false));
        String name = req.instance().name();
        CreateInstance.Created created;
        try {
            created = services.createInstance.execute(account, req.instance());
        } catch (ZapgateException e) {
            if (Messages.INSTANCE_NAME_TAKEN.equals(e.getMessage())) {
                throw EvolutionErrors.nameTaken(name);
            }
            throw e;
        }
        Instance i = created.instance();
        ObjectNode out = JsonBody.MAPPER.createObjectNode();
        ObjectNode inst = out.putObject("instance");
        inst.put("instanceName", i.name());
        inst.put("instanceId", i.id());
        inst.put("integration", EvolutionRequests.BAILEYS);
        inst.putNull("webhookWaBusiness");
        inst.put("accessTokenWaBusiness", "");
        inst.put("status", EvolutionEvents.state(i.connection().state()));
        out.put("hash", created.token());
        ObjectNode hook = out.putObject("webhook");
        WebhookSettings w = i.webhook();
        hook.put("webhookUrl", w.urls().isEmpty() ? null : w.urls().get(0));
        hook.set("webhookHeaders", headersView(w));
        hook.put("webhookByEvents", w.byEvents());
        hook.put("webhookBase64", w.mediaBase64());
        if (w.enabled() && w.signingSecret() != null) {
            hook.put("signingSecret", w.signingSecret());
        }
        out.putObject("websocket").put("enabled", i.websocket().enabled());
        out.putObject("rabbitmq").put("enabled", false);
        out.putObject("nats").put("enabled", false);
        out.putObject("sqs").put("enabled", false);
        out.set("settings", settingsView(i));
        if (req.qrcode() || req.number() != null) {
            try {
                LinkInstance.Linking l = services.link.connect(account, name, req.number(), null);
                out.set("qrcode", qrView(l));
                inst.put("status", l.kind() == CommandResult.Kind.ALREADY_CONNECTED ? "open" : "connecting");
            } catch (ZapgateException e) {
                // the instance exists and its token is only shown here: answer 201 all the same, with the reason
                LOG.warn("created, but no QR code", e, "instance", name);
                out.put("qrcodeError", e.getMessage());
            }
        }
        return json(201, out);
    }

    private APIGatewayV2HTTPResponse connect(ApiRequest request, Principal caller, String name) {
        String number = ConnectHandler.phone(request.query("number"));
        Instance i = services.lookup.load(caller, name);
        if (i.connection().state() == InstanceState.CONNECTED) {
            return json(200, stateView(name, InstanceState.CONNECTED));
        }
        if (number == null
                && i.connection().state() == InstanceState.CONNECTING
                && i.connection().qrCode() != null
                && (i.connection().qrExpiresAt() == null
                        || i.connection().qrExpiresAt().isAfter(services.clock.instant()))) {
            // connecting: the QR currently on offer (kept on the instance as it rotates)
            return json(
                    200,
                    qrView(new LinkInstance.Linking(
                            CommandResult.Kind.QR,
                            i.connection().qrCode(),
                            i.connection().qrExpiresAt(),
                            null)));
        }
        // unlike Evolution (a 2 s sleep, then often {count:0}), this waits for the session host's real code
        LinkInstance.Linking l = services.link.connect(caller, name, number, null);
        if (l.kind() == CommandResult.Kind.ALREADY_CONNECTED) {
            return json(200, stateView(name, InstanceState.CONNECTED));
        }
        return json(200, qrView(l));
    }

    private APIGatewayV2HTTPResponse restart(Principal caller, String name) {
        Instance i = services.lookup.load(caller, name);
        if (!i.connection().hasSession()) {
            // Evolution answers HTTP 200 {error:true, message:"[object Object]"} here
            throw EvolutionErrors.badRequest(
                    "The \"" + name + "\" instance has no saved session: call /instance/connect first");
        }
        services.link.reconnect(caller, name);
        // a session live on its host is kept as it is (reconnect is idempotent): say so rather than "connecting"
        return json(
                200,
                stateView(
                        name,
                        i.connection().state() == InstanceState.CONNECTED
                                ? InstanceState.CONNECTED
                                : InstanceState.CONNECTING));
    }

    private APIGatewayV2HTTPResponse presence(ApiRequest request, Principal caller, String name) {
        String presence = EvolutionRequests.presence(JsonBody.parse(request.body(), false));
        Instance i = services.lookup.load(caller, name);
        if (!presence.equals("available") && !presence.equals("unavailable")) {
            throw EvolutionErrors.badRequest(
                    "presence " + presence + " applies to a chat: an instance's presence is available or unavailable");
        }
        services.configure.updateSettings(
                i, new SettingsPatch(null, null, null, presence.equals("available"), null, null, null));
        ObjectNode out = JsonBody.MAPPER.createObjectNode();
        out.put("presence", presence);
        return json(201, out);
    }

    private APIGatewayV2HTTPResponse logout(Principal caller, String name) {
        Instance i = services.lookup.load(caller, name);
        InstanceState s = i.connection().state();
        if (s != InstanceState.CONNECTED && s != InstanceState.CONNECTING) {
            throw EvolutionErrors.notConnected(name);
        }
        services.link.logout(caller, name); // waits for the session host (Evolution answers before it is done)
        return json(200, success("Instance logged out"));
    }

    private APIGatewayV2HTTPResponse delete(Principal caller, String name) {
        DeleteInstance.Deleted deleted = services.deleteInstance.execute(caller, name);
        ObjectNode out = success("Instance deleted");
        if (!deleted.deviceUnlinked()) {
            ((ObjectNode) out.get("response")).put("warning", DeleteInstanceHandler.DEVICE_MAY_REMAIN);
        }
        return json(200, out);
    }

    private APIGatewayV2HTTPResponse fetch(ApiRequest request, Principal caller) {
        String byName = request.query("instanceName");
        String byId = request.query("instanceId");
        String byNumber = request.query("number");
        List<Instance> found =
                services.listInstances.execute(caller, byName == null || byName.isBlank() ? null : List.of(byName));
        ArrayNode out = JsonBody.MAPPER.createArrayNode();
        for (Instance i : found) {
            if (byId != null && !byId.isBlank() && !byId.equals(i.id())) {
                continue;
            }
            if (byNumber != null
                    && !byNumber.isBlank()
                    && !byNumber.replaceAll("\\D", "").equals(number(i))) {
                continue;
            }
            out.add(fetchView(i));
        }
        return json(200, out);
    }

    private APIGatewayV2HTTPResponse webhookSet(ApiRequest request, Principal caller, String name) {
        WebhookSettings requested = EvolutionRequests.webhookSet(JsonBody.parse(request.body(), false));
        Instance i = services.lookup.load(caller, name);
        WebhookSettings stored = services.configure.setWebhook(i, requested);
        ObjectNode row = webhookRow(i.withWebhook(stored));
        row.put("signingSecret", stored.signingSecret());
        return json(201, row);
    }

    private APIGatewayV2HTTPResponse webhookFind(Principal caller, String name) {
        Instance i = services.lookup.load(caller, name);
        if (i.webhook().urls().isEmpty()) {
            return json(200, NullNode.getInstance());
        }
        return json(200, webhookRow(i));
    }

    // ------------------------------------------------------------------ views

    static ObjectNode success(String message) {
        ObjectNode out = JsonBody.MAPPER.createObjectNode();
        out.put("status", "SUCCESS");
        out.put("error", false);
        out.putObject("response").put("message", message);
        return out;
    }

    static ObjectNode stateView(String name, InstanceState state) {
        ObjectNode out = JsonBody.MAPPER.createObjectNode();
        ObjectNode inst = out.putObject("instance");
        inst.put("instanceName", name);
        inst.put("state", EvolutionEvents.state(state));
        return out;
    }

    static ObjectNode qrView(LinkInstance.Linking l) {
        ObjectNode out = JsonBody.MAPPER.createObjectNode();
        if (l.kind() == CommandResult.Kind.PAIRING_CODE) {
            out.put("pairingCode", l.pairingCode());
            out.putNull("code");
            out.putNull("base64");
        } else {
            out.putNull("pairingCode");
            out.put("code", l.qrCode());
            out.put("base64", QrImages.pngDataUrl(l.qrCode()));
        }
        out.put("count", 1);
        return out;
    }

    static ObjectNode settingsView(Instance i) {
        ObjectNode s = JsonBody.MAPPER.createObjectNode();
        s.put("rejectCall", i.settings().autoRejectCalls());
        s.put(
                "msgCall",
                i.settings().callRejectMessage() == null ? "" : i.settings().callRejectMessage());
        s.put("groupsIgnore", i.settings().ignoreGroupMessages());
        s.put("alwaysOnline", i.settings().keepOnlineStatus());
        s.put("readMessages", i.settings().autoReadMessages());
        s.put("readStatus", false);
        s.put("syncFullHistory", !i.settings().disableHistorySync());
        s.put("wavoipToken", "");
        return s;
    }

    /** Header names with their values hidden: they are secrets, sealed at rest like the authorization. */
    static JsonNode headersView(WebhookSettings w) {
        if (w.headers().isEmpty() && w.authorization() == null) {
            return NullNode.getInstance();
        }
        ObjectNode h = JsonBody.MAPPER.createObjectNode();
        if (w.authorization() != null) {
            h.put("Authorization", "***");
        }
        w.headers().keySet().forEach(k -> h.put(k, "***"));
        return h;
    }

    static ObjectNode webhookRow(Instance i) {
        WebhookSettings w = i.webhook();
        Instant set = w.setAt() != null ? w.setAt() : i.createdAt();
        ObjectNode row = JsonBody.MAPPER.createObjectNode();
        row.put("id", i.id() + "-webhook");
        row.put("url", w.urls().isEmpty() ? null : w.urls().get(0));
        row.set("headers", headersView(w));
        row.put("enabled", w.enabled());
        ArrayNode events = row.putArray("events");
        w.events().forEach(events::add);
        row.put("webhookByEvents", w.byEvents());
        row.put("webhookBase64", w.mediaBase64());
        row.put("createdAt", i.createdAt().toString());
        row.put("updatedAt", set.toString());
        row.put("instanceId", i.id());
        return row;
    }

    private static String number(Instance i) {
        String jid = i.connection().numberJid();
        if (jid == null) {
            return null;
        }
        String user = jid.contains("@") ? jid.substring(0, jid.indexOf('@')) : jid;
        return user.contains(":") ? user.substring(0, user.indexOf(':')) : user;
    }

    /**
     * One {@code fetchInstances} item. {@code token} is null: Zapgate stores only a hash of each token (it is shown
     * once, at create). {@code disconnectionReasonCode} / {@code disconnectionAt} come from the last disconnect.
     */
    static ObjectNode fetchView(Instance i) {
        ObjectNode n = JsonBody.MAPPER.createObjectNode();
        n.put("id", i.id());
        n.put("name", i.name());
        n.put("connectionStatus", EvolutionEvents.state(i.connection().state()));
        String number = number(i);
        n.put("ownerJid", number == null ? null : number + "@s.whatsapp.net");
        n.put("profileName", i.profile().name());
        n.put("profilePicUrl", i.profile().pictureUrl());
        n.put("integration", EvolutionRequests.BAILEYS);
        n.put("number", number);
        n.putNull("businessId");
        n.putNull("token");
        n.put("clientName", "zapgate");
        LastDisconnect d = i.connection().lastDisconnect();
        if (d == null) {
            n.putNull("disconnectionReasonCode");
            n.putNull("disconnectionObject");
            n.putNull("disconnectionAt");
        } else {
            n.put("disconnectionReasonCode", d.code() != null ? d.code() : EvolutionEvents.statusCode(d.reason()));
            ObjectNode o = n.putObject("disconnectionObject");
            o.put("reason", d.reason().wire());
            o.put("code", d.code());
            o.put("at", d.at().toString());
            o.put(
                    "bannedUntil",
                    d.bannedUntil() == null ? null : d.bannedUntil().toString());
            n.put("disconnectionAt", d.at().toString());
        }
        n.put("createdAt", i.createdAt().toString());
        Instant updated = i.createdAt();
        if (d != null && d.at().isAfter(updated)) {
            updated = d.at();
        }
        if (i.webhook().setAt() != null && i.webhook().setAt().isAfter(updated)) {
            updated = i.webhook().setAt();
        }
        n.put("updatedAt", updated.toString());
        n.putNull("Chatwoot");
        if (i.proxy().enabled()) {
            ObjectNode p = n.putObject("Proxy");
            p.put("enabled", true);
            p.put("host", i.proxy().host());
            p.put("port", i.proxy().port());
            p.put(
                    "protocol",
                    i.proxy().protocol() == null ? null : i.proxy().protocol().wire());
            p.put("username", i.proxy().username());
            p.putNull("password");
        } else {
            n.putNull("Proxy");
        }
        n.putNull("Rabbitmq");
        n.putNull("Nats");
        n.putNull("Sqs");
        if (i.websocket().enabled()) {
            ObjectNode ws = n.putObject("Websocket");
            ws.put("enabled", true);
            ArrayNode ev = ws.putArray("events");
            i.websocket().events().forEach(ev::add);
        } else {
            n.putNull("Websocket");
        }
        n.set("Setting", settingsView(i));
        ObjectNode count = n.putObject("_count");
        count.put("Message", 0);
        count.put("Contact", 0);
        count.put("Chat", 0);
        return n;
    }

    static APIGatewayV2HTTPResponse json(int status, JsonNode body) {
        return APIGatewayV2HTTPResponse.builder()
                .withStatusCode(status)
                .withHeaders(Map.of("Content-Type", "application/json; charset=utf-8"))
                .withBody(body.toString())
                .withIsBase64Encoded(false)
                .build();
    }
}
