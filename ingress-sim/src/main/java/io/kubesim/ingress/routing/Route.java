package io.kubesim.ingress.routing;

import io.kubesim.ingress.model.Location;
import io.kubesim.ingress.model.Server;

/**
 * Where a request goes inside nginx: its server and location.
 *
 * @param location null when no location matches (a server whose locations are all regular
 *     expressions, none found): nginx's own 404
 * @param slashRedirect the request names a Prefix location's path without its trailing slash and
 *     nothing closer matches: nginx answers 301 to the path with the slash
 * @param rewrite the location's rewrite, or null
 */
public record Route(Server server, Location location, boolean slashRedirect, Rewrite rewrite) {}
