package io.kubesim.coredns.server;

import io.kubesim.coredns.kubernetes.ClusterView;
import io.kubesim.coredns.kubernetes.Reply;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;
import org.xbill.DNS.EDNSOption;
import org.xbill.DNS.ExtendedFlags;
import org.xbill.DNS.Flags;
import org.xbill.DNS.Header;
import org.xbill.DNS.Message;
import org.xbill.DNS.OPTRecord;
import org.xbill.DNS.Opcode;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.Section;

/**
 * A query's bytes in, the reply's bytes out, as CoreDNS's server writes it:
 *
 * <ul>
 *   <li>what the DNS library rejects before any plugin sees it: a response (ignored), an opcode
 *       other than QUERY (NOTIMP), not exactly one question or bytes that do not parse (FORMERR);
 *   <li>a name in none of the zones: REFUSED (no server block for it; zone label "dropped");
 *   <li>otherwise the kubernetes plugin's reply, with the question as asked, RD and CD copied, AA;
 *       never RA (there is no recursion);
 *   <li>EDNS: a query with an OPT record gets one back (version 0, the client's UDP size and DO
 *       bit, the options CoreDNS keeps: NSID, EXPIRE, COOKIE, TCP keepalive, padding); a UDP reply
 *       longer than the client's size (512 without EDNS) is truncated with TC set.
 * </ul>
 *
 * Every reply that reaches the server is counted in {@link DnsMetrics}.
 */
public final class Responder {
  private static final int MIN_UDP = 512;
  private static final int MAX_TCP = 65535;

  private final Supplier<ClusterView> view;
  private final DnsMetrics metrics;
  private final AnswerCache cache = new AnswerCache();

  public Responder(Supplier<ClusterView> view, DnsMetrics metrics) {
    this.view = view;
    this.metrics = metrics;
  }

  /** The reply to {@code query}, or null to stay silent (a response, or too short to answer). */
  public byte[] respond(byte[] query, boolean tcp, boolean ipv6) {
    long start = System.nanoTime();
    Message request;
    try {
      request = new Message(query);
    } catch (IOException e) {
      return query.length >= Header.LENGTH ? formErr(query) : null;
    }
    Header header = request.getHeader();
    if (header.getFlag(Flags.QR)) {
      return null;
    }
    if (header.getOpcode() != Opcode.QUERY) {
      return error(request, Rcode.NOTIMP).toWire();
    }
    List<Record> questions = request.getSection(Section.QUESTION);
    if (questions.size() != 1) {
      return error(request, Rcode.FORMERR).toWire();
    }
    Record question = questions.get(0);
    Reply reply = cache.get(view.get(), question.getName(), question.getType());
    Message response = reply == null ? error(request, Rcode.REFUSED) : response(request, reply);
    OPTRecord opt = request.getOPT();
    if (opt != null) {
      response.addRecord(opt(opt), Section.ADDITIONAL);
    }
    int size = tcp ? MAX_TCP : opt == null ? MIN_UDP : Math.max(MIN_UDP, opt.getPayloadSize());
    byte[] wire = response.toWire(size);
    metrics.record(
        reply == null ? DnsMetrics.DROPPED : reply.zone(),
        tcp,
        ipv6,
        question.getType(),
        reply == null ? Rcode.REFUSED : reply.rcode(),
        reply != null && reply.byPlugin(),
        System.nanoTime() - start);
    return wire;
  }

  private static Message response(Message request, Reply reply) {
    Message response = reply(request, reply.rcode());
    if (reply.authoritative()) {
      response.getHeader().setFlag(Flags.AA);
    }
    reply.answer().forEach(r -> response.addRecord(r, Section.ANSWER));
    reply.authority().forEach(r -> response.addRecord(r, Section.AUTHORITY));
    reply.additional().forEach(r -> response.addRecord(r, Section.ADDITIONAL));
    return response;
  }

  /** SetReply: the id, opcode, RD and CD of the query, its question as asked. */
  private static Message reply(Message request, int rcode) {
    Header in = request.getHeader();
    Message response = new Message(in.getID());
    Header out = response.getHeader();
    out.setFlag(Flags.QR);
    out.setOpcode(in.getOpcode());
    if (in.getFlag(Flags.RD)) {
      out.setFlag(Flags.RD);
    }
    if (in.getFlag(Flags.CD)) {
      out.setFlag(Flags.CD);
    }
    out.setRcode(rcode);
    Record question = request.getQuestion();
    if (question != null) {
      response.addRecord(question, Section.QUESTION);
    }
    return response;
  }

  private static Message error(Message request, int rcode) {
    return reply(request, rcode);
  }

  /** A FORMERR for bytes that do not parse: the id and opcode of their header, nothing else. */
  private static byte[] formErr(byte[] query) {
    byte[] out = new byte[Header.LENGTH];
    out[0] = query[0];
    out[1] = query[1];
    out[2] = (byte) (0x80 | (query[2] & 0x79)); // QR, the opcode and RD of the query
    out[3] = (byte) Rcode.FORMERR;
    return out;
  }

  /** The reply's OPT (request.SizeAndDo): the query's, version 0, only its DO flag kept. */
  private static OPTRecord opt(OPTRecord query) {
    List<EDNSOption> kept = new ArrayList<>();
    for (EDNSOption option : query.getOptions()) {
      switch (option.getCode()) {
        case EDNSOption.Code.NSID,
            EDNSOption.Code.EDNS_EXPIRE,
            EDNSOption.Code.COOKIE,
            EDNSOption.Code.TCP_KEEPALIVE,
            EDNSOption.Code.PADDING ->
            kept.add(option);
        default -> {}
      }
    }
    int flags = query.getFlags() & ExtendedFlags.DO;
    return new OPTRecord(query.getPayloadSize(), 0, 0, flags, kept);
  }
}
