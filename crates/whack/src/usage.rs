//! `whack --help` and `whack --version`.

/// The usage message: the manual's synopsis, form by form.
pub const USAGE: &str = "\
Usage: whack [--ctlbase PATH | --ctlsocket PATH | --rundir DIR] [--label STRING] FORM

  whack --help | --version

connection (end options before --to describe the left end, after it the right end):
  whack --name NAME [--ipv4 | --ipv6] [--tunnelipv4 | --tunnelipv6]
        END-OPTIONS --to END-OPTIONS CONNECTION-OPTIONS [--delete]
  END-OPTIONS: --host IP|%any|%opportunistic|DNS-NAME (required) [--id ID]
        [--cert FILE] [--ca DN] [--groups GROUPS]
        [--sendcert yes|forced|always|ifasked|no|never] [--sendca none|issuer|all]
        [--certtype N] [--ikeport PORT] [--nexthop IP|%direct]
        [--client SUBNET | --clientwithin SUBNET] [--clientprotoport PROTO/PORT]
        [--srcip IP] [--xauthserver] [--xauthclient] [--username USER]
        [--modecfgserver] [--modecfgclient] [--addresspool RANGE]
        [--dnskeyondemand] [--updown COMMAND]
  CONNECTION-OPTIONS: [--ikev1 | --ikev2 (default)] [--psk] [--rsasig]
        [--encrypt] [--authenticate] [--compress] [--tunnel] [--pfs]
        [--pfsgroup modp1024|modp1536|modp2048|modp3072|modp4096|modp6144|modp8192|dh22|dh23|dh24]
        [--ike PROPOSALS] [--esp PROPOSALS] [--disablearrivalcheck]
        [--ikelifetime SECONDS] [--ipseclifetime SECONDS] [--rekeymargin SECONDS]
        [--rekeyfuzz PERCENT] [--keyingtries COUNT] [--dontrekey] [--aggrmode]
        [--modecfgpull] [--modecfgdns1 IP] [--modecfgdns2 IP] [--modecfgdomain DOMAIN]
        [--modecfgbanner TEXT] [--metric N] [--nflog-group N]
        [--dpddelay SECONDS] [--dpdtimeout SECONDS] [--dpdaction clear|hold|restart]
        [--forceencaps | --encaps yes|no|auto] [--fragmentation yes|no|force]
        [--no-keep-alive] [--sec-label LABEL]
        [--initiateontraffic | --pass | --drop | --reject]
        [--failnone | --failpass | --faildrop | --failreject]

public key:     whack --keyid ID [--addkey] [--pubkeyrsa KEY]
my id:          whack --myid ID
listen:         whack --listen | --unlisten
busy:           whack --busy | --relax
route:          whack --route | --unroute --name NAME
initiate:       whack --initiate --name NAME [--xauthuser USER] [--xauthpass PASS]
                      [--asynchronous]
terminate:      whack --terminate --name NAME [--asynchronous]
opportunistic:  whack [--tunnelipv4 | --tunnelipv6] --oppohere IP --oppothere IP
crash:          whack --crash [IP]
record:         whack --whackrecord [FILE] | --whackstoprecord
delete:         whack --name NAME --delete
delete state:   whack --deletestate STATE-NUMBER
delete user:    whack --deleteuser --name USER
debug:          whack [--name NAME] [--debug-none] [--debug-all] [--debug-CLASS]...
                      [--debug CLASS] [--impair-WHAT]... [--impair WHAT[:HOW]]
                CLASS: raw crypt parsing emitting control controlmore lifecycle kernel
                       klips pfkey dns dpd natt nat-t oppo oppoinfo whackwatch private x509
                WHAT:  bust-mi2 bust-mr2 sa-fail die-oninfo jacob-two-two
                       major-version-bump minor-version-bump retransmits
                       send-bogus-isakmp-flag send-ikev2-ke send-key-size-check send-no-delete
list:           whack [--utc] [--listall] [--listpubkeys] [--listcerts] [--checkpubkeys]
                      [--listcacerts] [--listcrls] [--listevents]
reread:         whack [--utc] [--rereadsecrets] [--rereadcrls] [--rereadall]
purge:          whack --purgeocsp
status:         whack --status [--json]
                whack [--trafficstatus] [--shuntstatus] [--json]
shutdown:       whack --shutdown

Options may be abbreviated to an unambiguous prefix, and written --opt=VALUE.
The default control socket is /run/pluto/pluto.ctl (--ctlbase PATH: PATH.ctl).
Exit status: 1 if whack detects a problem (including pluto not running); otherwise the
code of pluto's last progress message that is neither a log line nor a comment (success
counts as 0); 0 if there was none.
";

/// The version line.
pub fn version() -> String {
    format!(
        "whack (rustswan) {}, whack protocol version {}",
        env!("CARGO_PKG_VERSION"),
        whack_proto::VERSION
    )
}
