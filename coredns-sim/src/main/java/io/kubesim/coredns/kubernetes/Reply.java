package io.kubesim.coredns.kubernetes;

import java.util.List;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;

/**
 * The answer to one question: its rcode and sections, whether it is authoritative, the zone it was
 * answered in (a metrics label) and whether the kubernetes plugin wrote it (CoreDNS's {@code
 * plugin} label; the server itself writes a REFUSED for a zone transfer).
 */
public record Reply(
    int rcode,
    List<Record> answer,
    List<Record> authority,
    List<Record> additional,
    String zone,
    boolean authoritative,
    boolean byPlugin) {

  static Reply refused(String zone) {
    return new Reply(Rcode.REFUSED, List.of(), List.of(), List.of(), zone, false, false);
  }
}
