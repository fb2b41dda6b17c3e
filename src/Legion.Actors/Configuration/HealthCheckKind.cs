namespace Legion.Actors.Configuration;

/// <summary>The kinds of <c>legion-health</c> checks.</summary>
public enum HealthCheckKind
{
    /// <summary><c>cmd:COMMAND</c>: <c>/bin/sh -c COMMAND</c> exits 0 within the timeout.</summary>
    Command,

    /// <summary><c>tcp:HOST:PORT</c>: a TCP connection to HOST:PORT is established within the timeout.</summary>
    Tcp,

    /// <summary><c>http:URL</c> (or just the URL): a GET of URL answers 2xx within the timeout.</summary>
    Http,
}
