#pragma once
// ASCII armor for signed blobs (licenses): base64 between BEGIN/END lines,
// so a license survives being pasted into a mail or a web form.

#include <optional>
#include <string>
#include <string_view>

namespace exlb::agent {

// "-----BEGIN <label>-----\n<base64, 64 per line>\n-----END <label>-----\n"
std::string armor(std::string_view label, std::string_view bytes);

// The bytes inside the first BEGIN/END <label> block of `text`. Text around
// the block is ignored; anything else wrong (no block, bad base64, trailing
// garbage inside) is an error naming it.
std::optional<std::string> unarmor(std::string_view label, std::string_view text,
                                   std::string& error);

}  // namespace exlb::agent
