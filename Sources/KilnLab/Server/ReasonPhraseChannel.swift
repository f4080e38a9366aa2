import Hummingbird
import HummingbirdCore
import Logging
import NIOCore
import NIOHTTP1

/// PVE puts its error message in the HTTP reason phrase (`500 Configuration file … does not
/// exist`). NIO's HTTP/1 encoder replaces the phrase of every well-known status code with the
/// standard one, so handlers pass the phrase in the `X-Kiln-Reason` header and this channel
/// turns it back into the status line, just before the encoder.
struct ReasonPhraseChannel: ServerChildChannel {
    typealias Value = HTTP1Channel.Value
    static let header = "X-Kiln-Reason"
    /// Set by the `reset` fault: the answer is dropped and the connection closed, as by a peer
    /// that died mid-request (the client gets no response at all).
    static let resetHeader = "X-Kiln-Reset"

    let base: HTTP1Channel

    func setup(channel: any Channel, logger: Logger) -> EventLoopFuture<Value> {
        base.setup(channel: channel, logger: logger).flatMapThrowing { value in
            let encoder = try channel.pipeline.syncOperations.handler(type: HTTPResponseEncoder.self)
            try channel.pipeline.syncOperations.addHandler(ReasonPhraseHandler(), position: .after(encoder))
            return value
        }
    }

    func handle(value: Value, logger: Logger) async { await base.handle(value: value, logger: logger) }

    static func builder() -> HTTPServerBuilder {
        HTTPServerBuilder { responder in ReasonPhraseChannel(base: HTTP1Channel(responder: responder)) }
    }
}

final class ReasonPhraseHandler: ChannelOutboundHandler, RemovableChannelHandler, @unchecked Sendable {
    // Touched only on the channel's event loop.
    private var dropping = false

    typealias OutboundIn = HTTPServerResponsePart
    typealias OutboundOut = HTTPServerResponsePart

    func write(context: ChannelHandlerContext, data: NIOAny, promise: EventLoopPromise<Void>?) {
        if dropping {
            promise?.fail(ChannelError.ioOnClosedChannel)
            return
        }
        guard case .head(var head) = unwrapOutboundIn(data), let phrase = head.headers[ReasonPhraseChannel.header].first else {
            context.write(data, promise: promise)
            return
        }
        if !head.headers[ReasonPhraseChannel.resetHeader].isEmpty {
            dropping = true
            promise?.fail(ChannelError.ioOnClosedChannel)
            context.close(promise: nil)
            return
        }
        head.headers.remove(name: ReasonPhraseChannel.header)
        head.status = .custom(code: head.status.code, reasonPhrase: phrase)
        context.write(wrapOutboundOut(.head(head)), promise: promise)
    }
}
