# freshet_embed(OUT <file.cc> NAMESPACE <ns> FUNCTION <fn> [BASE <dir>] FILES <entry>... [COMMENT <text>])
# Generates OUT at build time (tools/embed_files.cmake): `std::span<const EmbeddedFile> ns::fn()`
# with each file's bytes. An entry is `name=path`, or a path named relative to BASE. OUT is
# rebuilt when a file changes.
function(freshet_embed)
    cmake_parse_arguments(E "" "OUT;NAMESPACE;FUNCTION;BASE;COMMENT" "FILES" ${ARGN})
    set(entries "")
    set(paths "")
    foreach(entry IN LISTS E_FILES)
        if(entry MATCHES "^([^=]+)=(.+)$")
            set(name ${CMAKE_MATCH_1})
            set(path ${CMAKE_MATCH_2})
        else()
            set(path ${entry})
            file(RELATIVE_PATH name ${E_BASE} ${path})
        endif()
        if(entries)
            string(APPEND entries "|")
        endif()
        string(APPEND entries "${name}=${path}")
        list(APPEND paths ${path})
    endforeach()
    add_custom_command(
        OUTPUT ${E_OUT}
        COMMAND ${CMAKE_COMMAND} -DOUT=${E_OUT} "-DFILES=${entries}"
                -DNAMESPACE=${E_NAMESPACE} -DFUNCTION=${E_FUNCTION}
                -P ${PROJECT_SOURCE_DIR}/tools/embed_files.cmake
        DEPENDS ${paths} ${PROJECT_SOURCE_DIR}/tools/embed_files.cmake
        COMMENT "${E_COMMENT}"
        VERBATIM)
endfunction()
