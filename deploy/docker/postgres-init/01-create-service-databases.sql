-- One database per service (services never read each other's data). The postgres image runs this
-- once, when the data volume is empty; `docker compose down -v` resets it.
CREATE DATABASE identity_registry;
CREATE DATABASE payment_switch;
CREATE DATABASE data_exchange_gateway;
