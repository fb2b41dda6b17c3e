namespace Legion.Actors.Configuration;

/// <summary>
/// Reads uWSGI ini files the way uWSGI 2.0 does (core/ini.c), returning raw entries for
/// <see cref="UwsgiOptions.Build(UwsgiEntries, LegionConfigurationSettings?)"/>:
/// <list type="bullet">
/// <item>Only the asked section (<c>[uwsgi]</c> by default) is read; lines before any section header and in
/// other sections are skipped. A section may appear several times; all its parts are read.</item>
/// <item><c>key = value</c> with spaces, tabs and carriage returns trimmed around both; everything after the
/// first <c>=</c> is the value. There are no inline comments and no quotes: <c>a = b ; c</c> has the value
/// <c>b ; c</c>.</item>
/// <item>A line without <c>=</c> is an option with an empty value (uWSGI treats <c>master</c> alone as
/// <c>master =</c>); an empty value is an error later only for options that need one.</item>
/// <item>Lines starting with <c>;</c> or <c>#</c> (after leading white space) are comments; keys repeat and
/// keep their order; keys are case-sensitive.</item>
/// <item>Magic variables (<c>%d</c>, <c>%n</c>, ...) are expanded in the whole file first, see uWSGI's docs;
/// an unknown <c>%X</c> expands to nothing, as in uWSGI, with a warning.</item>
/// <item><c>ini = FILE[:SECTION]</c> and <c>include = FILE.ini</c> read that file in place; <c>inherit =
/// FILE.ini</c> reads it after everything else. Other formats (xml, yaml, json) are an error. Relative
/// paths are relative to the current directory, not to the including file, as in uWSGI.</item>
/// </list>
/// A file readable by group or others that holds a legion secret produces a warning. Thread-safe: every call
/// works on its own state.
/// </summary>
public static class UwsgiIniFile
{
    /// <summary>The section uWSGI reads unless told otherwise: <c>uwsgi</c>.</summary>
    public const string DefaultSection = "uwsgi";

    /// <summary>Reads an ini file from disk.</summary>
    /// <param name="path">
    /// The file, relative to the current directory; <c>FILE:SECTION</c> reads another section, as
    /// <c>uwsgi --ini FILE:SECTION</c> does.
    /// </param>
    /// <returns>The entries in order, each with source <c>FILE:LINE</c>, and the warnings.</returns>
    /// <exception cref="LegionConfigurationException">
    /// The file (or a file it includes) cannot be read, includes itself, or loads another format; the source
    /// is <paramref name="path"/> or the including line.
    /// </exception>
    public static UwsgiEntries Read(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        var reader = new UwsgiConfigReader();
        reader.LoadFile(path, path);
        return reader.Finish(path);
    }

    /// <summary>Reads ini text that did not come from disk (tests, embedded configuration).</summary>
    /// <param name="text">The ini text.</param>
    /// <param name="fileName">The name used in sources (<c>fileName:LINE</c>) and for magic variables.</param>
    /// <param name="section">The section to read; default <c>uwsgi</c>.</param>
    /// <returns>The entries in order and the warnings.</returns>
    /// <exception cref="LegionConfigurationException">An included file cannot be read, or another format is loaded.</exception>
    public static UwsgiEntries Parse(string text, string fileName, string section = DefaultSection)
    {
        ArgumentNullException.ThrowIfNull(text);
        ArgumentNullException.ThrowIfNull(fileName);
        var reader = new UwsgiConfigReader();
        reader.LoadText(text, fileName, fileName, section, section == DefaultSection ? null : section, fileName);
        return reader.Finish(fileName);
    }
}
