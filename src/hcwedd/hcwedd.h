/*
 * What the hcwedd program's pieces share: its settings (command line over
 * hcwedd.conf over defaults) and the admin subcommands (hcwedd user ...).
 */
#ifndef HC_HCWEDD_H
#define HC_HCWEDD_H

#include <stdbool.h>
#include <stddef.h>

#include "src/base/cmd.h"

#define HCWEDD_LISTEN		"127.0.0.1:7000"

/* Every string is malloc'd and freed by hcwedd_conf_free(). */
struct hcwedd_conf {
	char		*listen;
	char		*db;
	char		*log_file;
	char		*log_level;
	char		*ready_file;
	size_t		 line_max;
	size_t		 body_max;
	size_t		 out_max;
	size_t		 batch_max;
	/* Login throttle, lockout and send rate (struct hub_limits). */
	unsigned	 throttle_after;
	unsigned	 throttle_addr_after;
	unsigned long long throttle_max_ms;
	unsigned long long throttle_window_ms;
	unsigned	 lockout_failures;
	unsigned long long lockout_window_ms;
	unsigned long long lockout_ms;
	unsigned	 send_rate;
	unsigned	 send_burst;
	bool		 request_limits;
	unsigned	 password_min;	/* hcwedd user add, passwd */
	bool		 password_check;
	/* Transport security and limits (net/server.h). */
	char		*tls_cert;
	char		*tls_key;
	bool		 insecure;	/* plaintext off loopback allowed */
	unsigned	 login_timeout_ms;
	unsigned	 addr_conn_max;
};

void	hcwedd_conf_init(struct hcwedd_conf *);
/* Apply the settings of a hcwedd.conf file; -1 with a malloc'd *cause. */
int	hcwedd_conf_load(struct hcwedd_conf *, const char *path, char **cause);
/*
 * Fill in the default database ($XDG_STATE_HOME/hcwed/hcwedd.db, else
 * ~/.local/state/hcwed/hcwedd.db) if none was given, creating its
 * directory.  -1 with a malloc'd *cause.
 */
int	hcwedd_conf_db(struct hcwedd_conf *, char **cause);
void	hcwedd_conf_free(struct hcwedd_conf *);
/* Replace *dst with a copy of src. */
void	hcwedd_conf_set(char **dst, const char *src);

/* The admin commands, "hcwedd user ..." and "hcwedd audit ...". */
extern const struct cmd_entry hcwedd_user_cmd, hcwedd_audit_cmd;

#endif
