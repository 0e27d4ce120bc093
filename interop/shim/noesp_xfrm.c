/*
 * noesp_xfrm.so - LD_PRELOAD test aid for kernels built without ESP/AH/IPCOMP.
 *
 * Such a kernel refuses XFRM_MSG_NEWSA/UPDSA for ESP (ENOSYS) and the peer
 * daemons then abandon the Child SA, so no interop scenario could ever reach
 * "established".  This shim watches the send family of calls on NETLINK_XFRM
 * sockets; a lone NEWSA, UPDSA or DELSA for ESP/AH/IPCOMP (or the IPIP/IPv6
 * helper states) is replaced by an attribute-less XFRM_MSG_NEWSPDINFO with
 * the same sequence number, pid and ACK flag.  The kernel treats that as a
 * no-op and ACKs it, so the daemon reads a genuine ACK for "its" SA.
 * Policies, ALLOCSPI, GETSA and everything else reach the kernel unchanged.
 * No packet is ever encrypted: this proves the IKE side only.
 *
 * NOESP_XFRM_LOG=<file> appends one line per replaced message.
 * Build: gcc -shared -fPIC -O2 -Wall -o noesp_xfrm.so noesp_xfrm.c -ldl
 */
#define _GNU_SOURCE
#include <dlfcn.h>
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <sys/uio.h>
#include <linux/netlink.h>
#include <linux/xfrm.h>

typedef ssize_t (*write_fn)(int, const void *, size_t);
typedef ssize_t (*send_fn)(int, const void *, size_t, int);
typedef ssize_t (*sendto_fn)(int, const void *, size_t, int, const struct sockaddr *, socklen_t);
typedef ssize_t (*sendmsg_fn)(int, const struct msghdr *, int);

static void *next_sym(const char *name)
{
	return dlsym(RTLD_NEXT, name);
}

struct noop {
	struct nlmsghdr h;
	uint32_t flags;
};

static int on_xfrm_socket(int fd)
{
	int saved = errno, v = 0, ok = 0;
	socklen_t l = sizeof(v);
	if (getsockopt(fd, SOL_SOCKET, SO_DOMAIN, &v, &l) == 0 && v == AF_NETLINK) {
		l = sizeof(v);
		ok = getsockopt(fd, SOL_SOCKET, SO_PROTOCOL, &v, &l) == 0 && v == NETLINK_XFRM;
	}
	errno = saved;
	return ok;
}

/* 1 and *out filled when the message in buf must be replaced */
static int replace(int fd, const unsigned char *buf, size_t len, struct noop *out)
{
	struct nlmsghdr h;
	int proto;
	uint32_t spi;

	if (buf == NULL || len < sizeof(h))
		return 0;
	memcpy(&h, buf, sizeof(h));
	if (h.nlmsg_type == XFRM_MSG_DELSA) {
		struct xfrm_usersa_id id;
		if (len < NLMSG_LENGTH(sizeof(id)))
			return 0;
		memcpy(&id, buf + NLMSG_HDRLEN, sizeof(id));
		proto = id.proto;
		spi = ntohl(id.spi);
	} else if (h.nlmsg_type == XFRM_MSG_NEWSA || h.nlmsg_type == XFRM_MSG_UPDSA) {
		struct xfrm_usersa_info sa;
		if (len < NLMSG_LENGTH(sizeof(sa)))
			return 0;
		memcpy(&sa, buf + NLMSG_HDRLEN, sizeof(sa));
		proto = sa.id.proto;
		spi = ntohl(sa.id.spi);
	} else {
		return 0;
	}
	if (proto != IPPROTO_ESP && proto != IPPROTO_AH && proto != IPPROTO_COMP &&
	    proto != IPPROTO_IPIP && proto != IPPROTO_IPV6)
		return 0;
	if (!on_xfrm_socket(fd))
		return 0;
	memset(out, 0, sizeof(*out));
	out->h.nlmsg_len = NLMSG_LENGTH(sizeof(uint32_t));
	out->h.nlmsg_type = XFRM_MSG_NEWSPDINFO;
	out->h.nlmsg_flags = NLM_F_REQUEST | (h.nlmsg_flags & NLM_F_ACK);
	out->h.nlmsg_seq = h.nlmsg_seq;
	out->h.nlmsg_pid = h.nlmsg_pid;
	const char *path = getenv("NOESP_XFRM_LOG");
	if (path != NULL && *path) {
		int saved = errno;
		FILE *f = fopen(path, "a");
		if (f) {
			fprintf(f, "noesp_xfrm: pid %d type %u proto %d spi 0x%08x seq %u\n",
				(int)getpid(), h.nlmsg_type, proto, spi, h.nlmsg_seq);
			fclose(f);
		}
		errno = saved;
	}
	return 1;
}

ssize_t write(int fd, const void *buf, size_t len)
{
	write_fn real = (write_fn)next_sym("write");
	struct noop r;
	if (replace(fd, buf, len, &r)) {
		ssize_t n = real(fd, &r, r.h.nlmsg_len);
		return n < 0 ? n : (ssize_t)len;
	}
	return real(fd, buf, len);
}

ssize_t send(int fd, const void *buf, size_t len, int flags)
{
	send_fn real = (send_fn)next_sym("send");
	struct noop r;
	if (replace(fd, buf, len, &r)) {
		ssize_t n = real(fd, &r, r.h.nlmsg_len, flags);
		return n < 0 ? n : (ssize_t)len;
	}
	return real(fd, buf, len, flags);
}

ssize_t sendto(int fd, const void *buf, size_t len, int flags, const struct sockaddr *to, socklen_t tolen)
{
	sendto_fn real = (sendto_fn)next_sym("sendto");
	struct noop r;
	if (replace(fd, buf, len, &r)) {
		ssize_t n = real(fd, &r, r.h.nlmsg_len, flags, to, tolen);
		return n < 0 ? n : (ssize_t)len;
	}
	return real(fd, buf, len, flags, to, tolen);
}

ssize_t sendmsg(int fd, const struct msghdr *m, int flags)
{
	sendmsg_fn real = (sendmsg_fn)next_sym("sendmsg");
	if (m != NULL && m->msg_iov != NULL && m->msg_iovlen >= 1) {
		size_t total = 0, off = 0, i;
		for (i = 0; i < m->msg_iovlen; i++)
			total += m->msg_iov[i].iov_len;
		if (total >= sizeof(struct nlmsghdr) && total <= 65536) {
			unsigned char *flat = malloc(total);
			if (flat != NULL) {
				struct noop r;
				int hit;
				for (i = 0; i < m->msg_iovlen; i++) {
					memcpy(flat + off, m->msg_iov[i].iov_base, m->msg_iov[i].iov_len);
					off += m->msg_iov[i].iov_len;
				}
				hit = replace(fd, flat, total, &r);
				free(flat);
				if (hit) {
					struct iovec iov = { .iov_base = &r, .iov_len = r.h.nlmsg_len };
					struct msghdr m2 = *m;
					ssize_t n;
					m2.msg_iov = &iov;
					m2.msg_iovlen = 1;
					n = real(fd, &m2, flags);
					return n < 0 ? n : (ssize_t)total;
				}
			}
		}
	}
	return real(fd, m, flags);
}
