-- What mariadb-install-db writes before the system tables' SQL when it is
-- given --auth-root-authentication-method=normal (the official entrypoint's
-- choice): root@localhost authenticates with a password, not unix_socket.
create database if not exists mysql;
use mysql;
SET @auth_root_socket=NULL;
