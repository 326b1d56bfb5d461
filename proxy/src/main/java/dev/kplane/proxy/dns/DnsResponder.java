package dev.kplane.proxy.dns;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.List;
import org.xbill.DNS.ARecord;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Flags;
import org.xbill.DNS.Message;
import org.xbill.DNS.NSRecord;
import org.xbill.DNS.Name;
import org.xbill.DNS.Opcode;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.SOARecord;
import org.xbill.DNS.SRVRecord;
import org.xbill.DNS.Section;
import org.xbill.DNS.Type;

/**
 * Answers one DNS query from the cluster's records, as CoreDNS's kubernetes plugin does: authoritative answers
 * for the cluster zone, NXDOMAIN with the zone's SOA for names that do not exist, NODATA with the SOA for names
 * that exist without records of the asked type, and nothing (null) for names outside the zone, which the server
 * forwards or refuses. Reverse lookups are answered for the addresses the zone knows; others fall through too.
 */
public final class DnsResponder {
  private static final Name REVERSE_ZONE = Name.fromConstantString("in-addr.arpa.");

  private DnsResponder() {}

  /** The response, or null when the question is not for this zone. */
  public static Message answer(Message query, DnsRecords zone) {
    Record question = query.getQuestion();
    if (query.getHeader().getOpcode() != Opcode.QUERY) {
      return error(query, Rcode.NOTIMP);
    }
    if (question == null) {
      return error(query, Rcode.FORMERR);
    }
    Name name = question.getName();
    int type = question.getType();
    if (name.subdomain(REVERSE_ZONE)) {
      List<Record> ptr = zone.get(name);
      return ptr.isEmpty() ? null : answer(query, zone, ptr, type);
    }
    if (!name.subdomain(zone.zone())) {
      return null;
    }
    if (name.equals(zone.zone()) && (type == Type.SOA || type == Type.NS)) {
      Message m = response(query, Rcode.NOERROR);
      m.addRecord(type == Type.SOA ? soa(zone) : new NSRecord(zone.zone(), DClass.IN, DnsRecords.TTL, nameserver(zone)),
          Section.ANSWER);
      return m;
    }
    List<Record> records = zone.get(name);
    if (records.isEmpty()) {
      records = podRecord(name, zone);
    }
    if (!records.isEmpty()) {
      return answer(query, zone, records, type);
    }
    return negative(query, zone, zone.exists(name) ? Rcode.NOERROR : Rcode.NXDOMAIN);
  }

  private static Message answer(Message query, DnsRecords zone, List<Record> records, int type) {
    List<Record> matching = records.stream()
        .filter(r -> type == Type.ANY || r.getType() == type || r.getType() == Type.CNAME).toList();
    if (matching.isEmpty()) {
      return negative(query, zone, Rcode.NOERROR);
    }
    Message m = response(query, Rcode.NOERROR);
    for (Record r : matching) {
      m.addRecord(r, Section.ANSWER);
      if (r instanceof SRVRecord srv) {
        zone.get(srv.getTarget()).stream().filter(a -> a.getType() == Type.A)
            .forEach(a -> m.addRecord(a, Section.ADDITIONAL));
      }
    }
    return m;
  }

  /** {@code a-b-c-d.<ns>.pod.<zone>} answers a.b.c.d, CoreDNS's "pods insecure" mode that kubeadm configures. */
  private static List<Record> podRecord(Name name, DnsRecords zone) {
    if (name.labels() != zone.zone().labels() + 3 || !new Name(name, 2).equals(DnsRecords.under("pod", zone.zone()))) {
      return List.of();
    }
    String dashed = name.getLabelString(0);
    if (!dashed.matches("\\d{1,3}-\\d{1,3}-\\d{1,3}-\\d{1,3}")) {
      return List.of();
    }
    try {
      InetAddress ip = InetAddress.getByName(dashed.replace('-', '.'));
      return List.of(new ARecord(name, DClass.IN, DnsRecords.TTL, ip));
    } catch (UnknownHostException | IllegalArgumentException e) {
      return List.of();
    }
  }

  private static Message negative(Message query, DnsRecords zone, int rcode) {
    Message m = response(query, rcode);
    m.addRecord(soa(zone), Section.AUTHORITY);
    return m;
  }

  /** CoreDNS's SOA for a kubernetes zone: ns.dns.<zone>, hostmaster.<zone>, 7200 1800 86400 and the TTL. */
  static SOARecord soa(DnsRecords zone) {
    return new SOARecord(zone.zone(), DClass.IN, DnsRecords.TTL, nameserver(zone),
        DnsRecords.under("hostmaster", zone.zone()), zone.serial(), 7200, 1800, 86400,
        DnsRecords.TTL);
  }

  private static Name nameserver(DnsRecords zone) {
    return DnsRecords.under("ns.dns", zone.zone());
  }

  static Message response(Message query, int rcode) {
    Message m = new Message(query.getHeader().getID());
    m.getHeader().setFlag(Flags.QR);
    m.getHeader().setFlag(Flags.AA);
    if (query.getHeader().getFlag(Flags.RD)) {
      m.getHeader().setFlag(Flags.RD);
    }
    m.getHeader().setRcode(rcode);
    if (query.getQuestion() != null) {
      m.addRecord(query.getQuestion(), Section.QUESTION);
    }
    return m;
  }

  /** An error response; not authoritative, it says nothing about the zone. */
  static Message error(Message query, int rcode) {
    Message m = response(query, rcode);
    m.getHeader().unsetFlag(Flags.AA);
    return m;
  }
}
