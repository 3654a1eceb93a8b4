-- Roles and databases of a motcua deployment (run once by the postgres image on an empty volume).
-- Change the passwords (or set them from secrets) before the first start.
CREATE ROLE temporal LOGIN PASSWORD 'temporal' CREATEDB;
CREATE ROLE motcua LOGIN PASSWORD 'motcua';
CREATE DATABASE motcua OWNER motcua;
