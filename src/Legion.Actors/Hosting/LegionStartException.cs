namespace Legion.Actors.Hosting;

/// <summary>A legion could not start (its address cannot be bound, ...). Nothing of the node keeps running.</summary>
public sealed class LegionStartException : Exception
{
    /// <summary>Creates the exception.</summary>
    /// <param name="legion">The legion that failed.</param>
    /// <param name="address">Its configured address.</param>
    /// <param name="cause">The underlying error.</param>
    public LegionStartException(string legion, string address, Exception cause)
        : base($"legion '{legion}' cannot start on {address}: {cause.Message}", cause)
    {
        Legion = legion;
        Address = address;
    }

    /// <summary>The legion that failed.</summary>
    public string Legion { get; }

    /// <summary>Its configured address.</summary>
    public string Address { get; }
}
