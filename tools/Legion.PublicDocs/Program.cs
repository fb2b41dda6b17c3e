// legion-public-docs ASSEMBLY DOCS.xml
//
// Keeps in DOCS.xml (the compiler's XML documentation of ASSEMBLY) only the members a user of the package can see:
// types that are public (nested ones public or protected in a visible type) and their public or protected members.
// The compiler documents internal members too, which would publish the internals' design in every user's
// IntelliSense folder. Visibility is read from ASSEMBLY's own metadata; a member is matched by its type and name, so
// an internal overload of a visible method keeps its docs. Prints how many entries it removed; exit 2 on bad usage.
using System.Reflection;
using System.Reflection.Metadata;
using System.Reflection.PortableExecutable;
using System.Xml.Linq;

if (args.Length != 2)
{
    Console.Error.WriteLine("usage: legion-public-docs ASSEMBLY DOCS.xml");
    return 2;
}

var (types, members) = VisibleNames(args[0]);
var doc = XDocument.Load(args[1], LoadOptions.PreserveWhitespace);
var removed = 0;
foreach (var member in doc.Descendants("member").ToList())
{
    var id = (string?)member.Attribute("name") ?? string.Empty;
    var keep = id.Length > 2 && id[1] == ':' && (id[0] == 'T' ? types : members).Contains(PathOf(id[2..]))
        || id.Length > 2 && id[0] != 'T' && ExtensionVisible(PathOf(id[2..]), members);
    if (!keep)
    {
        // The whitespace before the element goes with it, so the file keeps its layout.
        if (member.PreviousNode is XText indent && string.IsNullOrWhiteSpace(indent.Value))
        {
            indent.Remove();
        }
        member.Remove();
        removed++;
    }
}

doc.Save(args[1], SaveOptions.DisableFormatting);
Console.WriteLine($"legion-public-docs: {Path.GetFileName(args[1])}: removed {removed} non-public entries");
return 0;

// A C# 14 extension block's member is documented on its grouping type ("Ns.Class.<G>$HASH.Member") and implemented in
// the static class as a method ("Ns.Class.Member", or "get_Member"/"set_Member" for a property): it is as visible as that.
static bool ExtensionVisible(string path, HashSet<string> members)
{
    var grouping = path.IndexOf(".<G>$", StringComparison.Ordinal);
    if (grouping < 0)
    {
        return false;
    }
    var owner = path[..grouping];
    var member = path[(path.LastIndexOf('.') + 1)..];
    return members.Contains($"{owner}.{member}") || members.Contains($"{owner}.get_{member}") || members.Contains($"{owner}.set_{member}");
}

// "Ns.Type.Member(params)" or "Ns.Type.Method``1(params)" -> "Ns.Type.Member"
static string PathOf(string id)
{
    var end = id.IndexOf('(', StringComparison.Ordinal);
    var path = end < 0 ? id : id[..end];
    var generic = path.IndexOf("``", StringComparison.Ordinal);
    return generic < 0 ? path : path[..generic];
}

static (HashSet<string> Types, HashSet<string> Members) VisibleNames(string assembly)
{
    var types = new HashSet<string>(StringComparer.Ordinal);
    var members = new HashSet<string>(StringComparer.Ordinal);
    using var stream = File.OpenRead(assembly);
    using var pe = new PEReader(stream);
    var md = pe.GetMetadataReader();

    string NameOf(TypeDefinitionHandle handle)
    {
        var type = md.GetTypeDefinition(handle);
        var name = md.GetString(type.Name);
        var outer = type.GetDeclaringType();
        if (!outer.IsNil)
        {
            return NameOf(outer) + "." + name;
        }
        var ns = md.GetString(type.Namespace);
        return ns.Length == 0 ? name : ns + "." + name;
    }

    bool Visible(TypeDefinitionHandle handle)
    {
        var type = md.GetTypeDefinition(handle);
        var access = type.Attributes & TypeAttributes.VisibilityMask;
        var outer = type.GetDeclaringType();
        return outer.IsNil
            ? access == TypeAttributes.Public
            : access is TypeAttributes.NestedPublic or TypeAttributes.NestedFamily or TypeAttributes.NestedFamORAssem && Visible(outer);
    }

    bool Seen(MethodDefinitionHandle handle) =>
        !handle.IsNil && (md.GetMethodDefinition(handle).Attributes & MethodAttributes.MemberAccessMask) is MethodAttributes.Public or MethodAttributes.Family or MethodAttributes.FamORAssem;

    foreach (var handle in md.TypeDefinitions)
    {
        if (!Visible(handle))
        {
            continue;
        }
        var type = md.GetTypeDefinition(handle);
        var name = NameOf(handle);
        types.Add(name);
        foreach (var m in type.GetMethods())
        {
            if (Seen(m))
            {
                // Doc IDs write a constructor's ".ctor" as "#ctor".
                members.Add(name + "." + md.GetString(md.GetMethodDefinition(m).Name).Replace('.', '#'));
            }
        }
        foreach (var f in type.GetFields())
        {
            var field = md.GetFieldDefinition(f);
            if ((field.Attributes & FieldAttributes.FieldAccessMask) is FieldAttributes.Public or FieldAttributes.Family or FieldAttributes.FamORAssem)
            {
                members.Add(name + "." + md.GetString(field.Name));
            }
        }
        foreach (var p in type.GetProperties())
        {
            var property = md.GetPropertyDefinition(p);
            if (Seen(property.GetAccessors().Getter) || Seen(property.GetAccessors().Setter))
            {
                members.Add(name + "." + md.GetString(property.Name));
            }
        }
        foreach (var e in type.GetEvents())
        {
            var ev = md.GetEventDefinition(e);
            if (Seen(ev.GetAccessors().Adder))
            {
                members.Add(name + "." + md.GetString(ev.Name));
            }
        }
    }
    return (types, members);
}
