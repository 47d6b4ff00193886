using System.CommandLine;
using System.CommandLine.Parsing;
using System.Text.RegularExpressions;
using Spectre.Console;

namespace GroundedSam.Cli;

/// <summary>
/// What a mistyped command line gets: each error in words a newcomer reads (never a .NET type name such as
/// <c>System.Int32</c>), where to find the usage, and exit code 2 (1 means some photos failed).
/// </summary>
internal static partial class ParseErrors
{
    public static int Report(IAnsiConsole console, ParseResult result)
    {
        foreach (var error in result.Errors)
        {
            console.MarkupLineInterpolated($"[red]error:[/] {Describe(error)}");
        }

        var names = new List<string>();
        for (var command = result.CommandResult; command.Parent is CommandResult parent; command = parent)
        {
            names.Insert(0, command.Command.Name);
        }

        console.MarkupLineInterpolated($"Usage: gsam {string.Join(' ', names.Append("--help"))}");
        return ExitCodes.Unusable;
    }

    /// <summary>System.CommandLine's message, with the expected type said in words.</summary>
    public static string Describe(ParseError error)
    {
        var match = CannotParse().Match(error.Message);
        if (!match.Success)
        {
            return error.Message;
        }

        var type = error.SymbolResult switch
        {
            OptionResult option => option.Option.ValueType,
            ArgumentResult argument => argument.Argument.ValueType,
            _ => null,
        };
        var symbol = error.SymbolResult switch
        {
            OptionResult option => option.Option.Name,
            ArgumentResult argument => $"<{argument.Argument.Name}>",
            _ => match.Groups["symbol"].Value,
        };
        return $"'{match.Groups["value"].Value}' for {symbol} is not {Expected(type)}.";
    }

    private static string Expected(Type? type)
    {
        type = type?.IsArray == true ? type.GetElementType() : type;
        type = type is null ? null : Nullable.GetUnderlyingType(type) ?? type;
        return type switch
        {
            null => "valid here",
            { IsEnum: true } => $"one of {string.Join(", ", Enum.GetNames(type))}",
            _ when type == typeof(int) || type == typeof(long) || type == typeof(uint) || type == typeof(ushort) => "a whole number",
            _ when type == typeof(float) || type == typeof(double) || type == typeof(decimal) => "a number",
            _ when type == typeof(Guid) => "an id such as 0b6f6e8e-3c55-4c38-9f5d-2f7b3f0c8a11",
            _ when type == typeof(bool) => "true or false",
            _ => "valid here",
        };
    }

    [GeneratedRegex("^Cannot parse argument '(?<value>.*)' for (?:option|argument|command) '?(?<symbol>[^']*)'? as expected type '[^']*'\\.", RegexOptions.Singleline)]
    private static partial Regex CannotParse();
}
