package dev.samizdat.libp2p.yamux;

import dev.samizdat.libp2p.Libp2pException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Accepts every inbound stream with a {@link RecordingHandler} (unless told to refuse) and records session events. */
final class RecordingListener implements YamuxSessionListener {
  final Map<Long, YamuxStream> inbound = new LinkedHashMap<>();
  final Map<Long, RecordingHandler> handlers = new LinkedHashMap<>();
  final List<Long> goAways = new ArrayList<>();
  boolean autoConsume = true;
  boolean refuse;
  boolean closed;
  Libp2pException closeCause;

  @Override
  public YamuxStreamHandler onInboundStream(YamuxStream stream) {
    if (refuse) {
      return null;
    }
    var handler = new RecordingHandler(autoConsume);
    inbound.put(stream.id(), stream);
    handlers.put(stream.id(), handler);
    return handler;
  }

  @Override
  public void onGoAway(long code) {
    goAways.add(code);
  }

  @Override
  public void onClosed(Libp2pException cause) {
    closed = true;
    closeCause = cause;
  }
}
